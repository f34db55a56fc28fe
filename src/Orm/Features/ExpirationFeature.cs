using Horreum.Orm.Modeling;

namespace Horreum.Orm.Features;

/// <summary>
/// <c>[Feature("expiration")]</c> with <c>[Expiration(seconds)]</c>: every save sets the time to live on the object
/// hash and on every related key, so a record and its collections expire together.
/// </summary>
public sealed class ExpirationFeature : IModelFeature
{
    /// <summary>The feature name.</summary>
    public const string FeatureName = "expiration";

    /// <inheritdoc />
    public string Name => FeatureName;

    /// <inheritdoc />
    public void Check(ModelMetadata model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Expiration is null)
        {
            throw new ModelDefinitionException($"{model.ClrType.Name} declares [Feature(\"expiration\")] but no time to live: add [Expiration(seconds)].");
        }
    }

    /// <inheritdoc />
    public void OnSaving(SaveContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ttl = context.Model.Expiration!.Value;
        context.Expire(context.Key, ttl);
        foreach (var related in context.Model.Related)
        {
            context.Expire(context.Keys.RelatedKey(context.RawId, related.Name), ttl);
        }
    }
}
