using System.Globalization;
using Horreum.Orm.Transport;
using StackExchange.Redis;

namespace Horreum.Orm;

/// <summary>
/// One write of a save or destroy as it goes on the wire: the command name, its key (which decides the hash slot and
/// names the record in an error), then its arguments as text. Both clients send this one description as it stands:
/// StackExchange.Redis through <c>ExecuteAsync</c> (<see cref="Queue"/>), the RESP pipeline through <see cref="Write"/>,
/// so the two can never drift apart.
/// </summary>
internal sealed class KeyedCommand
{
    private readonly string?[] _arguments;

    // When set, the arguments are pairs: the storage name of field i, then _arguments[i], for each i whose text is
    // not null (a record's encoded texts, kept as they are rather than copied into a second array).
    private readonly IReadOnlyList<Modeling.FieldMetadata>? _fields;

    private readonly int _count;

    private KeyedCommand(string name, string key, string[] arguments)
    {
        Name = name;
        Key = key;
        _arguments = arguments;
        _count = arguments.Length;
    }

    private KeyedCommand(string name, string key, IReadOnlyList<Modeling.FieldMetadata> fields, string?[] texts, int pairs)
    {
        Name = name;
        Key = key;
        _arguments = texts;
        _fields = fields;
        _count = 2 * pairs;
    }

    /// <summary>The command name, e.g. <c>HMSET</c>.</summary>
    public string Name { get; }

    /// <summary>The key the command addresses (its first argument).</summary>
    public string Key { get; }

    /// <summary>The arguments after the key.</summary>
    public IReadOnlyList<string> Arguments => [.. Enumerate()];

    /// <summary>HMSET key field value [field value …], in the dictionary's order.</summary>
    public static KeyedCommand HashSet(string key, IReadOnlyDictionary<string, string> values)
    {
        var arguments = new string[values.Count * 2];
        var i = 0;
        foreach (var (field, value) in values)
        {
            arguments[i++] = field;
            arguments[i++] = value;
        }
        return new KeyedCommand("HMSET", key, arguments);
    }

    /// <summary>HMSET key field value [field value …] of the <paramref name="count"/> fields whose text is not null, in field order.</summary>
    /// <remarks><paramref name="texts"/> is kept, not copied: it must not change while the command is in use.</remarks>
    public static KeyedCommand HashSet(string key, IReadOnlyList<Modeling.FieldMetadata> fields, string?[] texts, int count) =>
        new("HMSET", key, fields, texts, count);

    /// <summary>Any command with text arguments after its key (to send again what a write window collected).</summary>
    public static KeyedCommand Of(string name, string key, string[] arguments) => new(name, key, arguments);

    /// <summary>HDEL key field [field …].</summary>
    public static KeyedCommand HashDelete(string key, IReadOnlyList<string> fields) => new("HDEL", key, [.. fields]);

    /// <summary>
    /// EXPIRE key seconds, or PEXPIRE key milliseconds when the time to live is not whole seconds (the choice
    /// StackExchange.Redis makes for <c>KeyExpireAsync</c>).
    /// </summary>
    public static KeyedCommand Expire(string key, TimeSpan ttl)
    {
        var milliseconds = ttl.Ticks / TimeSpan.TicksPerMillisecond;
        return milliseconds % 1000 == 0
            ? new KeyedCommand("EXPIRE", key, [(milliseconds / 1000).ToString(CultureInfo.InvariantCulture)])
            : new KeyedCommand("PEXPIRE", key, [milliseconds.ToString(CultureInfo.InvariantCulture)]);
    }

    /// <summary>ZADD key score member (score as the shortest text that reads back as the same double).</summary>
    public static KeyedCommand SortedSetAdd(string key, double score, string member) =>
        new("ZADD", key, [score.ToString("R", CultureInfo.InvariantCulture), member]);

    /// <summary>ZREM key member.</summary>
    public static KeyedCommand SortedSetRemove(string key, string member) => new("ZREM", key, [member]);

    /// <summary>SADD key member.</summary>
    public static KeyedCommand SetAdd(string key, string member) => new("SADD", key, [member]);

    /// <summary>SREM key member.</summary>
    public static KeyedCommand SetRemove(string key, string member) => new("SREM", key, [member]);

    /// <summary>DEL key (one key per command: a multi-key DEL would span hash slots on a cluster).</summary>
    public static KeyedCommand Delete(string key) => new("DEL", key, []);

    /// <summary>Queues the command on a StackExchange.Redis batch or transaction; the task carries its reply.</summary>
    public Task<RedisResult> Queue(IDatabaseAsync database)
    {
        var parts = new object[_count + 1];
        parts[0] = (RedisKey)Key;
        var p = 1;
        foreach (var argument in Enumerate())
        {
            parts[p++] = (RedisValue)argument;
        }
        return database.ExecuteAsync(Name, parts);
    }

    /// <summary>Writes the command to a write window's commands (a RESP pipeline or a StackExchange.Redis page); the key names it if Redis answers with an error.</summary>
    public void Write(ICommandWriter connection)
    {
        connection.BeginCommand(Name, _count + 1);
        connection.WriteKey(Key);
        if (_fields is null)
        {
            foreach (var argument in _arguments)
            {
                connection.WriteArgument(argument!);
            }
            return;
        }
        for (var i = 0; i < _arguments.Length; i++)
        {
            if (_arguments[i] is { } text)
            {
                connection.WriteArgument(_fields[i].StorageName);
                connection.WriteArgument(text);
            }
        }
    }

    /// <summary>The arguments after the key, in order.</summary>
    private IEnumerable<string> Enumerate()
    {
        for (var i = 0; i < _arguments.Length; i++)
        {
            if (_fields is null)
            {
                yield return _arguments[i]!;
            }
            else if (_arguments[i] is { } text)
            {
                yield return _fields[i].StorageName;
                yield return text;
            }
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name} {Key}";
}
