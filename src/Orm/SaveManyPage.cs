using Horreum.Orm.Transport;

namespace Horreum.Orm;

/// <summary>
/// One page of a save-many as it goes out, on either transport: each record's writes (an HMSET alone, or HMSET, HDEL
/// and expirations in one MULTI … EXEC of its own); the page's instances entries follow once the page is acknowledged.
/// Which records Redis refused is marked here, so the others are reported saved and indexed.
/// </summary>
internal sealed class SaveManyPage(string[] keys, string[] rawIds, double[] scores, List<KeyedCommand> commands, int[] owners) : IRecordKeys
{
    private bool[]? _refused;

    /// <summary>
    /// The records' commands in order; a record's commands are next to each other. Empty once the page was handed to
    /// the transport (<see cref="Sent"/>).
    /// </summary>
    public List<KeyedCommand> Commands { get; private set; } = commands;

    /// <summary>For each command, the record (index in the page) it writes.</summary>
    public int[] Owners => owners;

    /// <summary>The first refusal of the page (the call reports it), and how many records were refused.</summary>
    public RedisReplyException? FirstError { get; private set; }

    public int RefusedCount { get; private set; }

    public int Count => keys.Length;

    /// <summary>Commands on the wire: the records' commands, MULTI and EXEC around each record that has several, and the instances ZADD.</summary>
    public int WireCommands { get; } = commands.Count + 1 + (2 * CountTransactions(owners));

    /// <summary>
    /// The page's commands are on the wire (or in a batch): from here on only its keys, ids and scores are needed, so
    /// the encoded values can be collected young, not kept (and promoted) while the page waits for its replies.
    /// </summary>
    public void Sent() => Commands = [];

    public string KeyAt(int index) => keys[index];

    public string RawIdAt(int index) => rawIds[index];

    public bool WasRefused(int index) => _refused?[index] == true;

    /// <summary>Whether command <paramref name="command"/> starts a record that has more than one (and so goes in a MULTI of its own).</summary>
    public bool IsFirstOfMany(int command) => IsFirstOfMany(owners, command);

    /// <summary>Whether command <paramref name="command"/> ends a record that has more than one.</summary>
    public bool IsLastOfMany(int command) =>
        command > 0 && owners[command - 1] == owners[command] && (command + 1 == owners.Length || owners[command + 1] != owners[command]);

    /// <summary>
    /// Writes the page's instances ZADD (score and id of each record not refused, scores as the shortest text that
    /// reads back as the same double, as <see cref="KeyedCommand"/> sends them) straight to the connection. Returns
    /// false, writing nothing, when Redis took none of the records.
    /// </summary>
    public bool WriteIndex(ICommandWriter connection, string indexKey)
    {
        var members = keys.Length - RefusedCount;
        if (members == 0)
        {
            return false;
        }
        connection.BeginCommand("ZADD", 1 + (2 * members));
        connection.WriteKey(indexKey);
        Span<byte> score = stackalloc byte[32];
        for (var i = 0; i < keys.Length; i++)
        {
            if (!WasRefused(i))
            {
                scores[i].TryFormat(score, out var written, "R", System.Globalization.CultureInfo.InvariantCulture);
                connection.WriteArgument(score[..written]);
                connection.WriteArgument(rawIds[i]);
            }
        }
        return true;
    }

    /// <summary>Marks record <paramref name="index"/> refused with <paramref name="error"/> (once per record).</summary>
    public void Refuse(int index, RedisReplyException error)
    {
        _refused ??= new bool[keys.Length];
        if (_refused[index])
        {
            return;
        }
        _refused[index] = true;
        RefusedCount++;
        FirstError ??= error;
    }

    private static bool IsFirstOfMany(int[] owners, int command) =>
        (command == 0 || owners[command - 1] != owners[command]) && command + 1 < owners.Length && owners[command + 1] == owners[command];

    private static int CountTransactions(int[] owners)
    {
        var transactions = 0;
        for (var i = 0; i < owners.Length; i++)
        {
            if (IsFirstOfMany(owners, i))
            {
                transactions++;
            }
        }
        return transactions;
    }
}
