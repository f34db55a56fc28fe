using Horreum.Orm.Modeling;

namespace Horreum.Orm.Features;

/// <summary>A model-level feature switched on with <c>[Feature("name")]</c>.</summary>
public interface IModelFeature
{
    /// <summary>The name used in <c>[Feature("name")]</c>.</summary>
    string Name { get; }

    /// <summary>Checks the model's declaration when it is first used; throws <see cref="ModelDefinitionException"/> when unusable.</summary>
    void Check(ModelMetadata model);

    /// <summary>
    /// Runs before a save writes anything. Throwing aborts the save with nothing written; the context can add
    /// expirations to the save's transaction.
    /// </summary>
    void OnSaving(SaveContext context);

    /// <summary>
    /// Runs after a record was read and decoded, on every read path (load, load-many, refresh, scan, a typed
    /// migration's read); throwing fails that read. Does nothing unless implemented.
    /// </summary>
    void OnLoaded(LoadContext context)
    {
    }

    /// <summary>Runs before a destroy sends anything; throwing aborts it with nothing deleted. Does nothing unless implemented.</summary>
    void OnDestroying(DestroyContext context)
    {
    }
}
