using Horreum.Orm.Modeling;
using Horreum.Orm.Serialization;

namespace Horreum.Orm.Features;

/// <summary>What a save is about to write, given to features before anything is sent.</summary>
public sealed class SaveContext
{
    private readonly List<KeyValuePair<string, TimeSpan>> _expirations = [];

    internal SaveContext(ModelKeys keys, object instance, string rawId, string key, IReadOnlyDictionary<string, string> values, IReadOnlyList<string> removed, bool partial, IValueCodec codec, DateTimeOffset now)
    {
        Codec = codec;
        Now = now;
        Keys = keys;
        Instance = instance;
        RawId = rawId;
        Key = key;
        Values = values;
        RemovedFields = removed;
        IsPartial = partial;
    }

    /// <summary>
    /// The value codec of the model's storage profile: a feature that stores values of its own (an index, a lookup)
    /// encodes them with it, so they read back like the model's fields.
    /// </summary>
    public IValueCodec Codec { get; }

    /// <summary>
    /// The save's instant (from <see cref="HorreumOptions.Clock"/>): the timestamps and the instances score use it; a
    /// feature that scores by time should too (<see cref="FamiliaTime.ToEpochSeconds"/> under the Familia profile).
    /// </summary>
    public DateTimeOffset Now { get; }

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
