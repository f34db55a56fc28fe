using Horreum.Orm.Modeling;

namespace Horreum.Orm.Features;

/// <summary>
/// <c>[Feature("transient_fields")]</c>: <c>[Transient]</c> <see cref="RedactedString"/> properties live in memory only;
/// no save, encode or schema check ever sees them.
/// </summary>
public sealed class TransientFieldsFeature : IModelFeature
{
    /// <summary>The feature name.</summary>
    public const string FeatureName = "transient_fields";

    /// <inheritdoc />
    public string Name => FeatureName;

    /// <inheritdoc />
    public void Check(ModelMetadata model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.TransientProperties.Count == 0)
        {
            throw new ModelDefinitionException($"{model.ClrType.Name} declares [Feature(\"transient_fields\")] but no [Transient] RedactedString property.");
        }
    }

    /// <inheritdoc />
    public void OnSaving(SaveContext context)
    {
    }
}
