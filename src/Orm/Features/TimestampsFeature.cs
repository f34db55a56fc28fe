using Horreum.Orm.Modeling;

namespace Horreum.Orm.Features;

/// <summary>
/// <c>[Feature("timestamps")]</c>: every whole save sets <c>created</c> (when unset) and <c>updated</c> (always) to the
/// save's instant, as Familia does. Under <see cref="StorageProfile.Familia"/> it is on without being declared, for
/// models with fields stored as <c>created</c>/<c>updated</c>, because Familia does it for any model declaring them.
/// Field types: <c>DateTimeOffset</c>, <c>DateTime</c> or <c>double</c> (epoch seconds), nullable or not.
/// </summary>
public sealed class TimestampsFeature : IModelFeature
{
    /// <summary>The feature name.</summary>
    public const string FeatureName = "timestamps";

    /// <inheritdoc />
    public string Name => FeatureName;

    /// <inheritdoc />
    public void Check(ModelMetadata model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var fields = Timestamps.FieldsOf(model);
        if (fields.Count == 0)
        {
            throw new ModelDefinitionException($"{model.ClrType.Name} declares [Feature(\"timestamps\")] but has no field stored as 'created' or 'updated'.");
        }
    }

    /// <inheritdoc />
    public void OnSaving(SaveContext context)
    {
        // The values are stamped before encoding (Timestamps.Stamp), so there is nothing left to add here.
    }
}
