using Horreum.Orm.Modeling;

namespace Horreum.Orm.Features;

/// <summary>What a save is about to write, given to features before anything is sent.</summary>
public sealed class SaveContext
{
    private readonly List<KeyValuePair<string, TimeSpan>> _expirations = [];

    internal SaveContext(ModelKeys keys, object instance, string rawId, string key, IReadOnlyDictionary<string, string> values, IReadOnlyList<string> removed, bool partial)
    {
        Keys = keys;
        Instance = instance;
        RawId = rawId;
        Key = key;
        Values = values;
        RemovedFields = removed;
        IsPartial = partial;
    }

    /// <summary>The model.</summary>
    public ModelMetadata Model => Keys.Model;

    /// <summary>The model's keys (namespace included).</summary>
    public ModelKeys Keys { get; }

    /// <summary>The record being saved.</summary>
    public object Instance { get; }

    /// <summary>Its raw identifier.</summary>
    public string RawId { get; }

    /// <summary>The object hash key.</summary>
    public string Key { get; }

    /// <summary>Encoded values (storage name → JSON text) about to be set.</summary>
    public IReadOnlyDictionary<string, string> Values { get; }

    /// <summary>Storage names about to be removed (null properties).</summary>
    public IReadOnlyList<string> RemovedFields { get; }

    /// <summary>Whether only some fields are being saved.</summary>
    public bool IsPartial { get; }

    /// <summary>Expirations added by features, applied in the same transaction.</summary>
    public IReadOnlyList<KeyValuePair<string, TimeSpan>> Expirations => _expirations;

    /// <summary>Sets a time to live on <paramref name="key"/> within the save's transaction.</summary>
    public void Expire(string key, TimeSpan ttl) => _expirations.Add(new(key, ttl));
}
