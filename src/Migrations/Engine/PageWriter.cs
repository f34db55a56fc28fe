using Horreum.Migrations.Registry;
using Horreum.Orm.Transport;
using StackExchange.Redis;

namespace Horreum.Migrations.Engine;

/// <summary>
/// How a Pipeline migration's page of writes reaches Redis, always in this order: the journal entries (so a killed
/// run leaves no change nobody counted), the field backups (before the data they protect), then the data: one HSET
/// or HDEL per record, or MULTI/HSET/HDEL/EXEC when a record has both. Called inside the write guard (real runs).
/// </summary>
internal abstract class PageWriter : IAsyncDisposable
{
    /// <summary><c>resp</c> or <c>se-batch</c>.</summary>
    public abstract string Transport { get; }

    /// <summary>Sends (or queues, bounded) one page's writes.</summary>
    public abstract Task WriteAsync(ScanSession scan, IReadOnlyList<PreparedWrite> writes, IReadOnlyList<FieldBackup> backups, CancellationToken cancellationToken);

    /// <summary>Waits until every write sent so far is acknowledged (before a checkpoint, and at the end).</summary>
    public abstract ValueTask DrainAsync(CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();

    /// <summary>
    /// The RESP writer when the client has a bulk endpoint and the registry lives in the client's database (its
    /// journal and backup commands must share the data's connection to keep their order); otherwise SE batches.
    /// </summary>
    public static async Task<PageWriter> OpenAsync(MigrationContext context, CancellationToken cancellationToken)
    {
        if (!context.DryRun && context.Client.BulkEndpoint is { } endpoint && context.Registry is RedisMigrationRegistry registry && registry.LivesIn(context.Database))
        {
            var connection = await RespConnection.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
            return new Resp(connection, context, registry);
        }
        return new StackExchange(context);
    }

    /// <summary>Each page awaited before the next: journal, backups, then one batch of data writes.</summary>
    private sealed class StackExchange(MigrationContext context) : PageWriter
    {
        public override string Transport => "se-batch";

        public override async Task WriteAsync(ScanSession scan, IReadOnlyList<PreparedWrite> writes, IReadOnlyList<FieldBackup> backups, CancellationToken cancellationToken)
        {
            await scan.JournalAsync(writes, cancellationToken).ConfigureAwait(false);
            if (backups.Count > 0)
            {
                await context.Registry.BackupFieldsAsync(context.Migration.Id, backups, cancellationToken).ConfigureAwait(false);
            }
            var db = context.Database;
            var batch = db.CreateBatch();
            var pending = writes.Select(w => w.QueueAsync(batch, db)).ToArray();
            batch.Execute();
            await Task.WhenAll(pending).ConfigureAwait(false);
        }

        public override ValueTask DrainAsync(CancellationToken cancellationToken) => default;

        public override ValueTask DisposeAsync() => default;
    }

    /// <summary>
    /// One connection, so Redis runs the page's commands in the order sent; a page is one flush, and at most
    /// <see cref="Depth"/> flushes wait for their replies. A data write's error reply is a record error naming its
    /// key (the record is then not counted as changed); an error on a journal or backup command stops the run.
    /// </summary>
    private sealed class Resp(RespConnection connection, MigrationContext context, RedisMigrationRegistry registry) : PageWriter, IRespErrorHandler
    {
        private const int Depth = 8;
        private readonly Queue<Tag> _tags = new();
        private readonly Queue<int> _window = new();
        private Exception? _fatal;

        public override string Transport => "resp";

        public override async Task WriteAsync(ScanSession scan, IReadOnlyList<PreparedWrite> writes, IReadOnlyList<FieldBackup> backups, CancellationToken cancellationToken)
        {
            var commands = 0;
            if (scan.Checkpointing)
            {
                registry.QueueJournal(connection, context.Migration.Id, writes.Select(w => new KeyValuePair<string, long>(w.Key, w.FieldCount)).ToArray());
                _tags.Enqueue(new Tag(TagKind.Fatal, null));
                commands++;
            }
            if (backups.Count > 0)
            {
                registry.QueueBackups(connection, context.Migration.Id, backups);
                _tags.Enqueue(new Tag(TagKind.Fatal, null));
                commands++;
            }
            foreach (var write in writes)
            {
                commands += Queue(write);
            }
            await connection.FlushAsync(cancellationToken).ConfigureAwait(false);
            _window.Enqueue(commands);
            while (_window.Count > Depth)
            {
                await ReadOldestAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        public override async ValueTask DrainAsync(CancellationToken cancellationToken)
        {
            while (_window.Count > 0)
            {
                await ReadOldestAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        public override ValueTask DisposeAsync() => connection.DisposeAsync();

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
                    Failed(tag.Write!, new RedisReplyException("EXEC", tag.Write!.Key, item.GetString() ?? ""));
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
                    Failed(tag.Write!, reply);
                    break;
                default:
                    // A command inside MULTI refused at queue time: EXEC then fails with EXECABORT and reports it.
                    break;
            }
        }

        private void Failed(PreparedWrite write, RedisReplyException error)
        {
            context.UncountChange(write.FieldCount);
            context.RecordError(write.Key, error);
        }

        private async ValueTask ReadOldestAsync(CancellationToken cancellationToken)
        {
            await connection.ReadRepliesAsync(_window.Dequeue(), this, cancellationToken).ConfigureAwait(false);
            if (_fatal is { } fatal)
            {
                throw fatal;
            }
        }

        private int Queue(PreparedWrite write)
        {
            var both = write.Sets.Length > 0 && write.Removes.Length > 0;
            if (both)
            {
                connection.BeginCommand("MULTI", 0);
                _tags.Enqueue(new Tag(TagKind.Queued, write));
            }
            if (write.Sets.Length > 0)
            {
                connection.BeginCommand("HSET", 1 + (2 * write.Sets.Length));
                connection.WriteKey(write.Key);
                foreach (var set in write.Sets)
                {
                    connection.WriteArgument((string)set.Name!);
                    connection.WriteArgument((string)set.Value!);
                }
                _tags.Enqueue(new Tag(both ? TagKind.Queued : TagKind.Record, write));
            }
            if (write.Removes.Length > 0)
            {
                connection.BeginCommand("HDEL", 1 + write.Removes.Length);
                connection.WriteKey(write.Key);
                foreach (var name in write.Removes)
                {
                    connection.WriteArgument((string)name!);
                }
                _tags.Enqueue(new Tag(both ? TagKind.Queued : TagKind.Record, write));
            }
            if (both)
            {
                connection.BeginCommand("EXEC", 0);
                _tags.Enqueue(new Tag(TagKind.Exec, write));
                return 4;
            }
            return 1;
        }

        private enum TagKind
        {
            Record,
            Queued,
            Exec,
            Fatal,
        }

        private readonly record struct Tag(TagKind Kind, PreparedWrite? Write);
    }
}
