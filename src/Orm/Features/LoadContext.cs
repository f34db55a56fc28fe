using Horreum.Orm.Modeling;

namespace Horreum.Orm.Features;

/// <summary>A record just read and decoded (load, load-many, refresh, scan, a typed migration's read), given to features.</summary>
public sealed class LoadContext
{
    internal LoadContext(ModelKeys keys, object instance, string rawId, string key)
    {
        Keys = keys;
        Instance = instance;
        RawId = rawId;
        Key = key;
    }

    /// <summary>The model.</summary>
    public ModelMetadata Model => Keys.Model;

    /// <summary>The model's keys (namespace included).</summary>
    public ModelKeys Keys { get; }

    /// <summary>The record, every field set from the stored hash.</summary>
    public object Instance { get; }

    /// <summary>Its raw identifier.</summary>
    public string RawId { get; }

    /// <summary>The object hash key.</summary>
    public string Key { get; }
}
