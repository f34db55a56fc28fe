namespace Horreum.Orm.Transport;

/// <summary>
/// Reads the replies of a window of MULTI … EXEC blocks, one block per record. MULTI answers +OK and each queued
/// command +QUEUED; only EXEC answers an array, holding one reply per command, and a command that failed at run
/// time (WRONGTYPE) is an error element there, not a top-level error, so every element is checked. Top-level errors
/// (a command refused when queued, then EXECABORT) are raised by the connection itself.
/// </summary>
internal sealed class TransactionRepliesHandler : IRespReplyHandler
{
    private int[] _execAt = new int[64];
    private bool[] _committed = new bool[64];
    private int _records;
    private int _cursor;

    /// <summary>Run-time failures found in EXEC replies, in record order.</summary>
    public List<(int Record, int Command, string Message)> Errors { get; } = [];

    /// <summary>How many replies the window has: MULTI, the commands and EXEC, per record.</summary>
    public int Replies { get; private set; }

    /// <summary>Prepares for a window whose records send these numbers of commands between MULTI and EXEC.</summary>
    public void Begin(IReadOnlyList<int> commandsPerRecord)
    {
        _records = commandsPerRecord.Count;
        if (_execAt.Length < _records)
        {
            _execAt = new int[_records];
            _committed = new bool[_records];
        }
        Array.Clear(_committed, 0, _records);
        var position = 0;
        for (var r = 0; r < _records; r++)
        {
            position += 1 + commandsPerRecord[r];
            _execAt[r] = position++;
        }
        Replies = position;
        _cursor = 0;
        Errors.Clear();
    }

    /// <summary>Whether record <paramref name="record"/>'s EXEC ran (its commands were applied, each unless it failed).</summary>
    public bool Committed(int record) => _committed[record];

    /// <inheritdoc />
    /// <exception cref="RespProtocolException">An array reply where MULTI or a queued command was answered.</exception>
    public void OnReply(int index, in RespReply reply)
    {
        if (reply.Kind != RespKind.Array)
        {
            return;
        }
        // An EXEC answered with a top-level error never reaches here: skip past its record.
        while (_cursor < _records && _execAt[_cursor] < index)
        {
            _cursor++;
        }
        if (_cursor == _records || _execAt[_cursor] != index)
        {
            throw new RespProtocolException($"Reply {index} of a MULTI/EXEC window is an array, but only EXEC answers one.");
        }
        var record = _cursor++;
        if (reply.IsNull)
        {
            Errors.Add((record, -1, "EXEC was aborted (null reply)"));
            return;
        }
        _committed[record] = true;
        var items = reply.GetArray();
        var command = 0;
        while (items.TryReadNext(out var item))
        {
            if (item.Kind == RespKind.Error)
            {
                Errors.Add((record, command, item.GetString() ?? ""));
            }
            command++;
        }
    }
}
