using Horreum.Orm.Transport;

namespace Horreum.Migrations.Engine;

/// <summary>Where the keys of a flushed page's records can be found again when Redis refuses one of their writes.</summary>
internal interface IRecordKeys
{
    /// <summary>The key of record <paramref name="index"/> of the page (allocates: error path only).</summary>
    string KeyAt(int index);
}

/// <summary>
/// The write side of a migration pass on one RESP connection: commands are tagged as they are written, a page is one
/// flush, and at most <see cref="Orm.HorreumOptions.PipelineDepth"/> flushes wait for their replies. Redis runs one connection's commands in
/// order, which is what keeps journal → backups → data ordered. Replies are matched to tags: a record write's error
/// reply (or an error inside its EXEC) becomes a record error naming the key, and the record is taken out of the
/// changed counts; an error on a run-level command (journal, backup) stops the run.
/// </summary>
internal sealed class RespWriteWindow(RespConnection connection, MigrationContext context) : IRespErrorHandler, IAsyncDisposable
{
    private readonly int _depth = context.Client.Options.PipelineDepth;
    private readonly Queue<Tag> _tags = new();
    private readonly Queue<(int Commands, Action? Done)> _window = new();
    private Exception? _fatal;
    private int _unflushed;

    public RespConnection Connection => connection;

    /// <summary>Tags the command just written as run-level: an error reply to it stops the run.</summary>
    public void RunCommand()
    {
        _tags.Enqueue(new Tag(TagKind.Fatal, null, 0, 0));
        _unflushed++;
    }

    /// <summary>
    /// Tags the command just written as record <paramref name="index"/>'s write. <paramref name="grouped"/>: a
    /// command inside its MULTI (an error there is reported by EXEC); <paramref name="exec"/>: the EXEC itself.
    /// </summary>
    public void RecordCommand(IRecordKeys page, int index, int fields, bool grouped = false, bool exec = false)
    {
        _tags.Enqueue(new Tag(exec ? TagKind.Exec : grouped ? TagKind.Queued : TagKind.Record, page, index, fields));
        _unflushed++;
    }

    /// <summary>Sends the page's commands; past the window, waits for the oldest flush. <paramref name="done"/> runs when its replies are in.</summary>
    public async ValueTask EndPageAsync(Action? done, CancellationToken cancellationToken)
    {
        if (_unflushed == 0)
        {
            done?.Invoke();
            return;
        }
        await connection.FlushAsync(cancellationToken).ConfigureAwait(false);
        _window.Enqueue((_unflushed, done));
        _unflushed = 0;
        while (_window.Count > _depth)
        {
            await ReadOldestAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Waits until every write sent is acknowledged (before a checkpoint, and at the end).</summary>
    public async ValueTask DrainAsync(CancellationToken cancellationToken)
    {
        while (_window.Count > 0)
        {
            await ReadOldestAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public ValueTask DisposeAsync() => connection.DisposeAsync();

    public void OnReply(int index, in RespReply reply)
    {
        var tag = _tags.Dequeue();
        if (tag.Kind != TagKind.Exec || reply.IsNull)
        {
            return;
        }
        // EXEC answers with each queued command's reply; a WRONGTYPE shows up there, not as an error reply.
        var items = reply.GetArray();
        while (items.TryReadNext(out var item))
        {
            if (item.Kind == RespKind.Error)
            {
                var key = tag.Page!.KeyAt(tag.Index);
                Failed(tag, new RedisReplyException("EXEC", key, item.GetString() ?? ""));
                return;
            }
        }
    }

    public void OnError(int index, RedisReplyException reply)
    {
        var tag = _tags.Dequeue();
        switch (tag.Kind)
        {
            case TagKind.Fatal:
                _fatal ??= reply;
                break;
            case TagKind.Record or TagKind.Exec:
                Failed(tag, reply);
                break;
            default:
                // A command inside MULTI refused at queue time: EXEC then fails with EXECABORT and reports it.
                break;
        }
    }

    private void Failed(Tag tag, RedisReplyException error)
    {
        context.UncountChange(tag.Fields);
        context.RecordError(tag.Page!.KeyAt(tag.Index), error);
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
        Queued,
        Exec,
        Fatal,
    }

    private readonly record struct Tag(TagKind Kind, IRecordKeys? Page, int Index, int Fields);
}
