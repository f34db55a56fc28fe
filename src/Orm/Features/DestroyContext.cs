using Horreum.Orm.Modeling;

namespace Horreum.Orm.Features;

/// <summary>A record about to be destroyed, given to features before anything is deleted.</summary>
public sealed class DestroyContext
{
    internal DestroyContext(ModelKeys keys, string rawId, string key)
    {
        Keys = keys;
        RawId = rawId;
        Key = key;
    }

    /// <summary>The model.</summary>
    public ModelMetadata Model => Keys.Model;

    /// <summary>The model's keys (namespace included).</summary>
    public ModelKeys Keys { get; }

    /// <summary>The record's raw identifier.</summary>
    public string RawId { get; }

    /// <summary>The object hash key.</summary>
    public string Key { get; }
}
