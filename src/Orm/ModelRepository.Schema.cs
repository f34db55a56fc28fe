using Horreum.JsonSchema;
using Horreum.Orm.Schema;

namespace Horreum.Orm;

public sealed partial class ModelRepository<T>
{
    /// <summary>
    /// Validates the JSON form of <paramref name="record"/> (every persistent property, encoded as a save would)
    /// against the model's schema. Works for models without <c>[Feature("schema_validation")]</c> too, as long as a
    /// schema is found.
    /// </summary>
    /// <exception cref="Modeling.ModelDefinitionException">The model has no usable schema.</exception>
    /// <exception cref="Serialization.FieldEncodeException">A value cannot be encoded.</exception>
    public JsonSchemaResult Validate(T record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return ModelJsonForm.Validate(SchemaValidator, Encode(record));
    }

    /// <summary>
    /// Validates an encoded record (storage name → JSON text, as stored in the hash or returned by
    /// <see cref="Encode"/>). A value that is not JSON text is a violation at its pointer, not an exception.
    /// </summary>
    /// <exception cref="Modeling.ModelDefinitionException">The model has no usable schema.</exception>
    public JsonSchemaResult ValidateEncoded(IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return ModelJsonForm.Validate(SchemaValidator, values);
    }

    /// <summary>Validates the record stored under <paramref name="id"/> as it is stored; null when it does not exist.</summary>
    /// <exception cref="Modeling.ModelDefinitionException">The model has no usable schema.</exception>
    public async Task<JsonSchemaResult?> ValidateStoredAsync(object id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        cancellationToken.ThrowIfCancellationRequested();
        var validator = SchemaValidator;
        var key = KeyFor(id);
        var entries = await ReadAsync("HGETALL", key, db => db.HashGetAllAsync(key)).ConfigureAwait(false);
        if (entries.Length == 0)
        {
            return null;
        }
        var values = new Dictionary<string, string>(entries.Length, StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            values[(string)entry.Name!] = (string?)entry.Value ?? string.Empty;
        }
        return ModelJsonForm.Validate(validator, values);
    }

    // The feature's own registry when the model declares it, so on-request validation and saves always agree.
    private ModelSchemaRegistry SchemaRegistry =>
        _features.OfType<SchemaValidationFeature>().FirstOrDefault()?.Schemas ?? _client.Options.Schemas;

    private IJsonSchemaValidator SchemaValidator => SchemaRegistry.Resolve(typeof(T));

    private void ThrowIfSchemaInvalid(T record)
    {
        var feature = _features.OfType<SchemaValidationFeature>().FirstOrDefault();
        if (feature is null)
        {
            return;
        }
        var key = Keys.ObjectKey(Model.IdOf(record));
        try
        {
            feature.ThrowIfInvalid(typeof(T), key, Encode(record));
        }
        catch (SchemaValidationException ex)
        {
            Notifier.Error("save-fields", key, ex);
            throw;
        }
    }
}
