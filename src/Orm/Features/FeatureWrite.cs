using Horreum.Orm.Modeling;
using Horreum.Orm.Serialization;
using StackExchange.Redis;

namespace Horreum.Orm.Features;

/// <summary>
/// The extra work one save or destroy asks of the record features: what they read first, the conditions the
/// transaction must hold (WATCH), and the commands it adds. Built fresh for every attempt, so a retry after a lost
/// race re-reads everything.
/// </summary>
internal sealed class FeatureWrite
{
    private readonly List<Condition> _conditions = [];
    private readonly List<string> _watchedOtherKeys = [];
    private readonly List<KeyedCommand> _commands = [];
    private Task<RedisValue[]>? _stored;

    public FeatureWrite(IDatabase db, ModelKeys keys, IValueCodec codec, object record, string rawId, string key,
        IReadOnlyDictionary<string, string>? values, IReadOnlyList<string>? removed, bool partial)
    {
        Db = db;
        Keys = keys;
        Codec = codec;
        Record = record;
        RawId = rawId;
        Key = key;
        Values = values;
        Removed = removed;
        IsPartial = partial;
    }

    public IDatabase Db { get; }

    public ModelKeys Keys { get; }

    public ModelMetadata Model => Keys.Model;

    public IValueCodec Codec { get; }

    public object Record { get; }

    public string RawId { get; }

    public string Key { get; }

    /// <summary>Encoded values a save sets; null for a destroy.</summary>
    public IReadOnlyDictionary<string, string>? Values { get; }

    /// <summary>Fields a save removes; null for a destroy.</summary>
    public IReadOnlyList<string>? Removed { get; }

    public bool IsPartial { get; }

    public bool IsDestroy => Values is null;

    public IReadOnlyList<Condition> Conditions => _conditions;

    public IReadOnlyList<KeyedCommand> Commands => _commands;

    /// <summary>The keys other than the record's own that a condition watches (unique indexes).</summary>
    public IReadOnlyList<string> WatchedOtherKeys => _watchedOtherKeys;

    public void Require(Condition condition, string key)
    {
        _conditions.Add(condition);
        if (key != Key)
        {
            _watchedOtherKeys.Add(key);
        }
    }

    public void Add(KeyedCommand command) => _commands.Add(command);

    /// <summary>Adds the command and, when the model expires, the model's time to live on its key.</summary>
    public void AddExpiring(KeyedCommand command)
    {
        _commands.Add(command);
        if (Model.Expiration is { } ttl)
        {
            _commands.Add(KeyedCommand.Expire(command.Key, ttl));
        }
    }

    /// <summary>
    /// The stored JSON text of <paramref name="field"/> before this write (null when absent). Every indexed field is
    /// read in one HMGET, once per attempt, and the transaction requires them unchanged.
    /// </summary>
    public async Task<string?> StoredAsync(FieldMetadata field)
    {
        var fields = IndexedFields();
        _stored ??= ReadStoredAsync(fields);
        var stored = await _stored.ConfigureAwait(false);
        var at = fields.IndexOf(field);
        return (string?)stored[at];
    }

    /// <summary>The text a value takes in an index key or member: a JSON string's content, otherwise the JSON text.</summary>
    public static string? IndexText(string? json) =>
        json is null || HorreumSerializer.IsNullText(json) ? null
        : json[0] == '"' ? System.Text.Json.JsonSerializer.Deserialize<string>(json)
        : json;

    /// <summary>The new JSON text of <paramref name="field"/>; <paramref name="included"/> false when this write leaves it alone.</summary>
    public string? NewText(FieldMetadata field, out bool included)
    {
        if (Values is null)
        {
            included = true;
            return null;
        }
        if (Values.TryGetValue(field.StorageName, out var text))
        {
            included = true;
            return text;
        }
        included = !IsPartial || Removed!.Contains(field.StorageName);
        return null;
    }

    private List<FieldMetadata> IndexedFields() => Model.Indexes.Select(i => i.Field).Distinct().ToList();

    private async Task<RedisValue[]> ReadStoredAsync(List<FieldMetadata> fields)
    {
        var names = fields.Select(f => (RedisValue)f.StorageName).ToArray();
        var stored = await Db.HashGetAsync(Key, names).ConfigureAwait(false);
        for (var i = 0; i < fields.Count; i++)
        {
            // A concurrent change of the same record between this read and EXEC makes the transaction fail and retry.
            Require(stored[i].IsNull ? Condition.HashNotExists(Key, names[i]) : Condition.HashEqual(Key, names[i], stored[i]), Key);
        }
        return stored;
    }
}
