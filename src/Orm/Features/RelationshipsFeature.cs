using Horreum.Orm.Modeling;

namespace Horreum.Orm.Features;

/// <summary>
/// <c>[Feature("relationships")]</c> (Familia's name): keeps the model's <c>[UniqueIndex]</c> and <c>[MultiIndex]</c>
/// indexes on every save and destroy, in the record's transaction, and removes a destroyed record from every
/// collection it joined through <c>[ParticipatesIn]</c>.
/// </summary>
public sealed class RelationshipsFeature : IModelFeature, IRecordFeature
{
    /// <summary>The feature name.</summary>
    public const string FeatureName = "relationships";

    /// <inheritdoc />
    public string Name => FeatureName;

    /// <inheritdoc />
    public void Check(ModelMetadata model) => ArgumentNullException.ThrowIfNull(model);

    /// <inheritdoc />
    public void OnSaving(SaveContext context)
    {
    }

    void IRecordFeature.Prepare(object record, ModelMetadata model)
    {
    }

    async Task IRecordFeature.PlanAsync(FeatureWrite write)
    {
        foreach (var index in write.Model.Indexes)
        {
            if (index.Kind != IndexKind.Lookup)
            {
                await IndexMaintenance.PlanAsync(write, index).ConfigureAwait(false);
            }
        }
        if (write.Model.Participations.Count == 0)
        {
            return;
        }
        var participations = FeatureKeys.Participations(write.Keys, write.RawId);
        if (!write.IsDestroy)
        {
            if (write.Model.Expiration is { } ttl)
            {
                write.Add(KeyedCommand.Expire(participations, ttl));
            }
            return;
        }
        foreach (var member in await write.Db.SetMembersAsync(participations).ConfigureAwait(false))
        {
            write.Add(KeyedCommand.SortedSetRemove(FeatureKeys.CollectionFromMember(member!), write.RawId));
        }
        write.Add(KeyedCommand.Delete(participations));
    }
}
