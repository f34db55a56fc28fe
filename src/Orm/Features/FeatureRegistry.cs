using System.Collections.Concurrent;
using Horreum.Orm.Modeling;
using Horreum.Orm.Schema;

namespace Horreum.Orm.Features;

/// <summary>
/// The features models can declare. A model naming a feature that is not registered fails when it is first used,
/// so a typo (or a feature whose package is missing) never passes silently.
/// </summary>
public sealed class FeatureRegistry
{
    private readonly ConcurrentDictionary<string, IModelFeature> _features = new(StringComparer.Ordinal);

    /// <summary>
    /// A registry with the built-in features (<c>expiration</c>, <c>timestamps</c>, <c>schema_validation</c>, <c>object_identifier</c>,
    /// <c>external_identifier</c>, <c>relationships</c>, <c>encrypted_fields</c>, <c>transient_fields</c>); schemas come from a
    /// registry of their own with the default conventions.
    /// </summary>
    public FeatureRegistry()
        : this(new ModelSchemaRegistry())
    {
    }

    /// <summary>A registry with the built-in features, <c>schema_validation</c> taking schemas from <paramref name="schemas"/>.</summary>
    public FeatureRegistry(ModelSchemaRegistry schemas)
    {
        ArgumentNullException.ThrowIfNull(schemas);
        Register(new ExpirationFeature());
        Register(new TimestampsFeature());
        Register(new SchemaValidationFeature(schemas));
        Register(new ObjectIdentifierFeature());
        Register(new ExternalIdentifierFeature());
        Register(new RelationshipsFeature());
        Register(new EncryptedFieldsFeature());
        Register(new TransientFieldsFeature());
    }

    /// <summary>Registered feature names.</summary>
    public IReadOnlyCollection<string> Names => _features.Keys.Order(StringComparer.Ordinal).ToArray();

    /// <summary>Adds or replaces a feature.</summary>
    public FeatureRegistry Register(IModelFeature feature)
    {
        ArgumentNullException.ThrowIfNull(feature);
        _features[feature.Name] = feature;
        return this;
    }

    /// <summary>The features <paramref name="model"/> declares, checked against the model.</summary>
    /// <exception cref="ModelDefinitionException">A name is unknown or the model does not satisfy a feature.</exception>
    public IReadOnlyList<IModelFeature> Resolve(ModelMetadata model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var result = new List<IModelFeature>();
        foreach (var name in model.Features)
        {
            if (!_features.TryGetValue(name, out var feature))
            {
                throw new ModelDefinitionException(
                    $"{model.ClrType.Name} declares [Feature(\"{name}\")], which is not registered. Known features: {string.Join(", ", Names)}. "
                    + "Register it with HorreumOptions.Features.Register(...) or fix the name.");
            }
            feature.Check(model);
            result.Add(feature);
        }
        if (model.Expiration is not null && !model.HasFeature(ExpirationFeature.FeatureName))
        {
            throw new ModelDefinitionException($"{model.ClrType.Name} has [Expiration] but not [Feature(\"expiration\")]: add the feature or remove the attribute.");
        }
        if (model.Profile == StorageProfile.Familia)
        {
            // Familia stamps created/updated on every model declaring them; check their types up front.
            _ = Timestamps.FieldsOf(model);
        }
        RequireFeature(model, model.ObjectIdentifier is not null, "[ObjectIdentifier]", ObjectIdentifierFeature.FeatureName);
        RequireFeature(model, model.ExternalIdentifier is not null, "[ExternalIdentifier]", ExternalIdentifierFeature.FeatureName);
        RequireFeature(model, model.Indexes.Any(i => i.Kind != IndexKind.Lookup), "[UniqueIndex]/[MultiIndex]", RelationshipsFeature.FeatureName);
        RequireFeature(model, model.Participations.Count > 0, "[ParticipatesIn]", RelationshipsFeature.FeatureName);
        RequireFeature(model, model.EncryptedFields.Count > 0, "[Encrypted]", EncryptedFieldsFeature.FeatureName);
        RequireFeature(model, model.TransientProperties.Count > 0, "[Transient]", TransientFieldsFeature.FeatureName);
        return result;
    }

    private static void RequireFeature(ModelMetadata model, bool declared, string attribute, string feature)
    {
        if (declared && !model.HasFeature(feature))
        {
            throw new ModelDefinitionException($"{model.ClrType.Name} uses {attribute} but not [Feature(\"{feature}\")]: add the feature or remove the attribute.");
        }
    }
}
