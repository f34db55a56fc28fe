using Horreum.Orm.Features;

namespace Horreum.Orm;

/// <summary>The model's feature hooks at each point of a record's life (saving is in the save paths, with its context).</summary>
public sealed partial class ModelRepository<T>
{
    /// <summary>After a record was decoded, on every read path.</summary>
    private void Loaded(T record, string rawId, string key)
    {
        if (_features.Count == 0)
        {
            return;
        }
        var context = new LoadContext(Keys, record, rawId, key);
        foreach (var feature in _features)
        {
            feature.OnLoaded(context);
        }
    }

    /// <summary>Before a destroy sends anything: a feature that throws aborts it.</summary>
    private void Destroying(string rawId, string key)
    {
        if (_features.Count == 0)
        {
            return;
        }
        var context = new DestroyContext(Keys, rawId, key);
        foreach (var feature in _features)
        {
            feature.OnDestroying(context);
        }
    }
}
