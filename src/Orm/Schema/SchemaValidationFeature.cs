using Horreum.JsonSchema;
using Horreum.Orm.Features;
using Horreum.Orm.Modeling;

namespace Horreum.Orm.Schema;

/// <summary>
/// <c>[Feature("schema_validation")]</c>: every save validates the record's JSON form (see <see cref="ModelJsonForm"/>)
/// against the model's schema from <see cref="Schemas"/> and, when it is invalid, throws
/// <see cref="SchemaValidationException"/> listing every violation before anything is written. The schema is loaded
/// when the model is first used, so a model with the feature and no usable schema never gets as far as a save.
/// </summary>
public sealed class SchemaValidationFeature : IModelFeature
{
    /// <summary>The feature name.</summary>
    public const string FeatureName = "schema_validation";

    /// <summary>Creates the feature over <paramref name="schemas"/>.</summary>
    public SchemaValidationFeature(ModelSchemaRegistry schemas)
    {
        ArgumentNullException.ThrowIfNull(schemas);
        Schemas = schemas;
    }

    /// <summary>Where models' schemas come from.</summary>
    public ModelSchemaRegistry Schemas { get; }

    /// <inheritdoc />
    public string Name => FeatureName;

    /// <inheritdoc />
    public void Check(ModelMetadata model)
    {
        ArgumentNullException.ThrowIfNull(model);
        Schemas.Resolve(model.ClrType);
    }

    /// <inheritdoc />
    /// <remarks>
    /// A partial save's context holds only the named fields, which is not what the schema describes (its
    /// <c>required</c> would fail, or pass wrongly if relaxed); the repository validates the whole record for
    /// partial saves before it gets here, so they are skipped.
    /// </remarks>
    public void OnSaving(SaveContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.IsPartial)
        {
            ThrowIfInvalid(context.Model.ClrType, context.Key, context.Values);
        }
    }

    /// <summary>Validates an encoded record and throws when it is invalid.</summary>
    /// <exception cref="SchemaValidationException">The record does not satisfy the schema.</exception>
    internal void ThrowIfInvalid(Type modelType, string key, IReadOnlyDictionary<string, string> values)
    {
        var result = ModelJsonForm.Validate(Schemas.Resolve(modelType), values);
        if (!result.IsValid)
        {
            throw new SchemaValidationException(key, modelType, result.Violations, Schemas.SourceOf(modelType));
        }
    }
}
