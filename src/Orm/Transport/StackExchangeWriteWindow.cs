using System.Text;
using StackExchange.Redis;

namespace Horreum.Orm.Transport;

/// <summary>
/// The write window on StackExchange.Redis (clusters, and when <see cref="HorreumOptions.BulkTransport"/> says so): a
/// page's commands are collected as they are written and sent by <see cref="EndPageAsync"/>, in order. Run-level
/// commands (a migration's journal and backups, save-many's index) are acknowledged before the record commands after
/// them are sent, because on a cluster they may live on another node, where order is not kept; record commands go in
/// one batch, a record's MULTI … EXEC as a transaction of its own. Bytes stay bytes.
/// </summary>
internal sealed class StackExchangeWriteWindow(HorreumClient client, IWriteRefusals refusals) : WriteWindow, ICommandWriter
{
    private readonly List<Command> _page = [];
    private readonly List<object> _parts = [];
    private string _name = "";
    private string? _key;
    private int _partsLeft;
    private int _group;
    private int _groups;

    public override string Transport => "se-batch";

    public override ICommandWriter Commands => this;

    public void BeginCommand(string command, int argumentCount)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (_partsLeft != 0)
        {
            throw new InvalidOperationException($"The previous command still expects {_partsLeft} argument(s).");
        }
        _name = command;
        _key = null;
        _partsLeft = argumentCount;
        if (argumentCount == 0)
        {
            Complete();
        }
    }

    public void WriteKey(string key)
    {
        _key = key;
        Add((RedisKey)key);
    }

    public void WriteKey(ReadOnlySpan<byte> key)
    {
        _key = Encoding.UTF8.GetString(key);
        Add((RedisKey)key.ToArray());
    }

    public void WriteArgument(string value) => Add((RedisValue)value);

    public void WriteArgument(ReadOnlySpan<byte> value) => Add((RedisValue)value.ToArray());

    public void WriteArgument(long value) => Add((RedisValue)value);

    public override void RunCommand() => Tag(Kind.Run, null, 0, 0);

    public override void Multi() => _group = ++_groups;

    public override void RecordCommand(IRecordKeys page, int index, long fields, string command) => Tag(Kind.Record, page, index, fields);

    public override void Exec() => _group = 0;

    public override async ValueTask EndPageAsync(Action? done, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_partsLeft != 0)
        {
            throw new InvalidOperationException($"Cannot send the page: the last command still expects {_partsLeft} argument(s).");
        }
        try
        {
            var refused = new HashSet<(IRecordKeys, int)>();
            for (var start = 0; start < _page.Count;)
            {
                // A run of run-level commands, acknowledged before anything after it is sent; then a run of record commands.
                var end = start;
                var run = _page[start].Kind == Kind.Run;
                while (end < _page.Count && (_page[end].Kind == Kind.Run) == run)
                {
                    end++;
                }
                await SendAsync(start, end, run, refused).ConfigureAwait(false);
                start = end;
            }
        }
        finally
        {
            _page.Clear();
        }
        done?.Invoke();
    }

    public override ValueTask DrainAsync(CancellationToken cancellationToken) => default;

    public override ValueTask DisposeAsync() => default;

    private async Task SendAsync(int start, int end, bool run, HashSet<(IRecordKeys, int)> refused)
    {
        var db = client.Database;
        var replies = new Task<RedisResult>[end - start];
        var transactions = new List<(int First, int Last, Task<bool> Exec)>();
        var batch = db.CreateBatch();
        for (var i = start; i < end; i++)
        {
            var group = _page[i].Group;
            if (group == 0)
            {
                replies[i - start] = batch.ExecuteAsync(_page[i].Name, _page[i].Parts);
                continue;
            }
            // What the batch holds so far goes first, so Redis sees the page in the order it was written.
            batch.Execute();
            batch = db.CreateBatch();
            var tran = db.CreateTransaction();
            var first = i;
            for (; i < end && _page[i].Group == group; i++)
            {
                replies[i - start] = tran.ExecuteAsync(_page[i].Name, _page[i].Parts);
            }
            i--;
            transactions.Add((first, i, tran.ExecuteAsync()));
        }
        batch.Execute();
        await Task.WhenAll(replies.Concat<Task>(transactions.Select(t => t.Exec))).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        foreach (var (first, last, exec) in transactions)
        {
            if (exec.Exception?.InnerException is RedisServerException aborted)
            {
                // EXECABORT: nothing of the record ran. StackExchange.Redis does not say which command was refused; find it.
                var found = await AtomicWriter.DiagnoseAbortAsync(client, _page.GetRange(first, last - first + 1).Select(c => c.ToKeyedCommand()).ToList()).ConfigureAwait(false);
                Refuse(_page[first], found?.Command ?? "EXEC", found?.ServerMessage ?? aborted.Message, refused);
            }
            else if (!exec.IsCompletedSuccessfully)
            {
                // A connection failure or a cancellation: not a reply, so let it surface as it is.
                await exec.ConfigureAwait(false);
            }
        }
        for (var i = start; i < end; i++)
        {
            var reply = replies[i - start];
            var command = _page[i];
            if (reply.IsCompletedSuccessfully || (command.Page is { } page && refused.Contains((page, command.Index))))
            {
                continue;
            }
            if (reply.Exception?.InnerException is not RedisServerException error)
            {
                await reply.ConfigureAwait(false);
                continue;
            }
            if (run || command.Page is null)
            {
                throw new RedisReplyException(command.Name, command.Key, error.Message);
            }
            Refuse(command, command.Name, error.Message, refused);
        }
    }

    private void Refuse(Command command, string name, string message, HashSet<(IRecordKeys, int)> refused)
    {
        if (command.Page is { } page && refused.Add((page, command.Index)))
        {
            refusals.Refused(page, command.Index, command.Fields, new RedisReplyException(name, page.KeyAt(command.Index), message));
        }
    }

    private void Add(object part)
    {
        if (_partsLeft == 0)
        {
            throw new InvalidOperationException("No command is expecting an argument: call BeginCommand with the right count.");
        }
        _parts.Add(part);
        if (--_partsLeft == 0)
        {
            Complete();
        }
    }

    private void Complete()
    {
        _page.Add(new Command(_name, _key, [.. _parts], _group, Kind.Untagged, null, 0, 0));
        _parts.Clear();
    }

    private void Tag(Kind kind, IRecordKeys? page, int index, long fields)
    {
        if (_page.Count == 0 || _partsLeft != 0)
        {
            throw new InvalidOperationException("Tag a command after writing all of it.");
        }
        _page[^1] = _page[^1] with { Kind = kind, Page = page, Index = index, Fields = fields };
    }

    private enum Kind
    {
        Untagged,
        Record,
        Run,
    }

    /// <summary>A command of the page: its parts after the name (the key first when it has one), and its tag.</summary>
    private readonly record struct Command(string Name, string? Key, object[] Parts, int Group, Kind Kind, IRecordKeys? Page, int Index, long Fields)
    {
        public KeyedCommand ToKeyedCommand() =>
            KeyedCommand.Of(Name, Key ?? "", Parts.Skip(Key is null ? 0 : 1).Select(p => p is RedisValue v ? (string?)v ?? "" : p.ToString() ?? "").ToArray());
    }
}
