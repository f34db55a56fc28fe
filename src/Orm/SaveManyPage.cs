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

    /// <summary>The records' commands in order; a record's commands are next to each other.</summary>
    public List<KeyedCommand> Commands => commands;

    /// <summary>For each command, the record (index in the page) it writes.</summary>
    public int[] Owners => owners;

    /// <summary>The first refusal of the page (the call reports it), and how many records were refused.</summary>
    public RedisReplyException? FirstError { get; private set; }

    public int RefusedCount { get; private set; }

    public int Count => keys.Length;

    /// <summary>Commands on the wire: the records' commands, MULTI and EXEC around each record that has several, and the instances ZADD.</summary>
    public int WireCommands
    {
        get
        {
            var wire = commands.Count + 1;
            for (var i = 0; i < owners.Length; i++)
            {
                if (IsFirstOfMany(i))
                {
                    wire += 2;
                }
            }
            return wire;
        }
    }

    public string KeyAt(int index) => keys[index];

    public string RawIdAt(int index) => rawIds[index];

    public bool WasRefused(int index) => _refused?[index] == true;

    /// <summary>Whether command <paramref name="command"/> starts a record that has more than one (and so goes in a MULTI of its own).</summary>
    public bool IsFirstOfMany(int command) =>
        (command == 0 || owners[command - 1] != owners[command]) && command + 1 < owners.Length && owners[command + 1] == owners[command];

    /// <summary>Whether command <paramref name="command"/> ends a record that has more than one.</summary>
    public bool IsLastOfMany(int command) =>
        command > 0 && owners[command - 1] == owners[command] && (command + 1 == owners.Length || owners[command + 1] != owners[command]);

    /// <summary>The instances entries (score, id) of the records not refused.</summary>
    public List<(double Score, string Member)> Written()
    {
        var members = new List<(double, string)>(keys.Length - RefusedCount);
        for (var i = 0; i < keys.Length; i++)
        {
            if (!WasRefused(i))
            {
                members.Add((scores[i], rawIds[i]));
            }
        }
        return members;
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
}
