namespace Horreum.Orm.Transport;

/// <summary>
/// The write window on the RESP pipeline: commands go straight into the connection's send buffer, a page is one
/// flush, and at most <c>depth</c> flushes wait for their replies. Replies are matched to tags: an error reply to a
/// record's command (or an error element inside its EXEC, or EXECABORT) is reported once per record to
/// <see cref="IWriteRefusals"/>; an error on a run-level command (journal, backup) stops the run. When the window is
/// disposed, <c>release</c> gets the connection and whether it is still in step (every page sent was read).
/// </summary>
internal sealed class RespWriteWindow(RespConnection connection, IWriteRefusals refusals, int depth, Func<RespConnection, bool, ValueTask> release)
    : WriteWindow, IRespErrorHandler
{
    private readonly Queue<Tag> _tags = new();
    private readonly Queue<(int Commands, Action? Done)> _window = new();
    private readonly List<Tag> _transaction = [];
    private RedisReplyException? _queuedError;
    private Exception? _fatal;
    private int _unflushed;
    private bool _inMulti;

    private bool _broken;

    public override string Transport => "resp";

    public override ICommandWriter Commands => connection;

    public override void RunCommand() => Add(new Tag(TagKind.Fatal, null, 0, 0, null));

    public override void Multi()
    {
        connection.BeginCommand("MULTI", 0);
        _inMulti = true;
        Add(new Tag(TagKind.Multi, null, 0, 0, null));
    }

    public override void RecordCommand(IRecordKeys page, int index, long fields, string command) =>
        Add(new Tag(_inMulti ? TagKind.Queued : TagKind.Record, page, index, fields, command));

    public override void Exec()
    {
        connection.BeginCommand("EXEC", 0);
        _inMulti = false;
        Add(new Tag(TagKind.Exec, null, 0, 0, null));
    }

    /// <summary>Sends the page's commands; past the window, waits for the oldest flush. <paramref name="done"/> runs when its replies are in.</summary>
    public override async ValueTask EndPageAsync(Action? done, CancellationToken cancellationToken)
    {
        if (_unflushed == 0)
        {
            done?.Invoke();
            return;
        }
        try
        {
            await connection.FlushAsync(cancellationToken).ConfigureAwait(false);
            _window.Enqueue((_unflushed, done));
            _unflushed = 0;
            while (_window.Count > depth)
            {
                await ReadOldestAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            _broken = true;
            throw;
        }
    }

    public override async ValueTask DrainAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (_window.Count > 0)
            {
                await ReadOldestAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            _broken = true;
            throw;
        }
    }

    public override ValueTask DisposeAsync() => release(connection, !_broken && _window.Count == 0 && _unflushed == 0);

    public void OnReply(int index, in RespReply reply)
    {
        var tag = _tags.Dequeue();
        switch (tag.Kind)
        {
            case TagKind.Multi:
                _transaction.Clear();
                _queuedError = null;
                break;
            case TagKind.Queued:
                _transaction.Add(tag);
                break;
            case TagKind.Exec:
                if (reply.IsNull)
                {
                    break;
                }
                // EXEC answers with each queued command's reply; a WRONGTYPE shows up there, not as an error reply.
                var items = reply.GetArray();
                HashSet<int>? refused = null;
                for (var i = 0; items.TryReadNext(out var item); i++)
                {
                    if (item.Kind == RespKind.Error && i < _transaction.Count)
                    {
                        var queued = _transaction[i];
                        Failed(queued, item.GetString() ?? "", ref refused);
                    }
                }
                break;
        }
    }

    public void OnError(int index, RedisReplyException reply)
    {
        var tag = _tags.Dequeue();
        switch (tag.Kind)
        {
            case TagKind.Fatal or TagKind.Multi:
                _fatal ??= reply;
                break;
            case TagKind.Record:
                refusals.Refused(tag.Page!, tag.Index, tag.Fields, reply);
                break;
            case TagKind.Queued:
                // Refused when queued: EXEC then fails with EXECABORT, and this names the command that caused it.
                _queuedError ??= reply;
                _transaction.Add(tag);
                break;
            case TagKind.Exec:
                // EXECABORT: nothing of the transaction ran, so every record in it is refused.
                HashSet<int>? refused = null;
                foreach (var queued in _transaction)
                {
                    // The command refused when queued says why (NOPERM names what the user may not do); EXECABORT says nothing ran.
                    var message = _queuedError is null ? reply.ServerMessage : $"{_queuedError.ServerMessage} ({reply.ServerMessage})";
                    Failed(queued, message, ref refused, _queuedError?.Command);
                }
                break;
        }
    }

    private void Failed(Tag tag, string message, ref HashSet<int>? refused, string? command = null)
    {
        Refuse(tag.Page!, tag.Index, tag.Fields, command ?? tag.Command!, message, ref refused);
    }

    private void Refuse(IRecordKeys page, int index, long fields, string command, string message, ref HashSet<int>? refused)
    {
        refused ??= [];
        if (refused.Add(index))
        {
            refusals.Refused(page, index, fields, new RedisReplyException(command, page.KeyAt(index), message));
        }
    }

    private void Add(Tag tag)
    {
        _tags.Enqueue(tag);
        _unflushed++;
    }

    private async ValueTask ReadOldestAsync(CancellationToken cancellationToken)
    {
        var (commands, done) = _window.Dequeue();
        await connection.ReadRepliesAsync(commands, this, cancellationToken).ConfigureAwait(false);
        done?.Invoke();
        if (_fatal is { } fatal)
        {
            throw fatal;
        }
    }

    private enum TagKind
    {
        Record,
        Multi,
        Queued,
        Exec,
        Fatal,
    }

    private readonly record struct Tag(TagKind Kind, IRecordKeys? Page, int Index, long Fields, string? Command);
}
