using Horreum.Orm.Modeling;

namespace Horreum.Orm.Features;

/// <summary>
/// <c>[Feature("expiration")]</c> with <c>[Expiration(seconds)]</c>: every save sets the time to live on the object
/// hash and on every related key, so a record and its collections expire together. A related collection with its
/// own <see cref="RelatedAttribute.Expiration"/> gets that instead. Under <see cref="StorageProfile.Familia"/> the
/// instances set gets the model's time to live too, as Familia's <c>default_expiration</c> does.
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
            context.Expire(context.Keys.RelatedKey(context.RawId, related.Name), related.Expiration ?? ttl);
        }
        if (context.Model.Profile == StorageProfile.Familia && !context.IsPartial)
        {
            context.Expire(context.Keys.InstancesKey, ttl);
        }
    }
}
