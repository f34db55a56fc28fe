namespace Horreum.Orm.Features;

/// <summary>
/// A built-in feature that keeps keys beyond the record's own (lookups, indexes, participations). The repository
/// calls it on every save and destroy; its commands join the record's transaction.
/// </summary>
internal interface IRecordFeature
{
    /// <summary>Fills what the feature generates (an objid, an extid) before the identifier is read.</summary>
    void Prepare(object record, Modeling.ModelMetadata model);

    /// <summary>Reads what it needs and adds conditions and commands to <paramref name="write"/>.</summary>
    Task PlanAsync(FeatureWrite write);
}
