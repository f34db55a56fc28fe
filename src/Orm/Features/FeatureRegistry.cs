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
    /// A registry with the built-in features (<c>expiration</c>, <c>timestamps</c>, <c>schema_validation</c>); schemas come from a
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
        return result;
    }
}
