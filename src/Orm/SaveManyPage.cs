using Horreum.Orm.Transport;

namespace Horreum.Orm;

/// <summary>
/// One page of a save-many as it goes out, on either transport: one ZADD of the page's ids to the instances index,
/// then each record's writes (HMSET, HDEL, expirations), all in one MULTI … EXEC on a single server. Which records
/// Redis refused is marked here, so the others are reported saved.
/// </summary>
internal sealed class SaveManyPage(IReadOnlyList<string> keys, List<KeyedCommand> commands, int[] owners) : IRecordKeys
{
    private bool[]? _refused;

    /// <summary>The page's commands in order; the instances write first.</summary>
    public List<KeyedCommand> Commands => commands;

    /// <summary>For each command, the record (index in the page) it writes, or -1 for the page's instances write.</summary>
    public int[] Owners => owners;

    /// <summary>The first refusal of the page (the call reports it), and how many records were refused.</summary>
    public RedisReplyException? FirstError { get; private set; }

    public int RefusedCount { get; private set; }

    public int Count => keys.Count;

    public string KeyAt(int index) => keys[index];

    public bool WasRefused(int index) => _refused?[index] == true;

    /// <summary>Marks record <paramref name="index"/> refused with <paramref name="error"/> (once per record).</summary>
    public void Refuse(int index, RedisReplyException error)
    {
        _refused ??= new bool[keys.Count];
        if (_refused[index])
        {
            return;
        }
        _refused[index] = true;
        RefusedCount++;
        FirstError ??= error;
    }
}
