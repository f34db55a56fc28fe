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

    /// <summary>Sends (or queues, bounded) one page's writes; with <paramref name="backups"/>, the old values of the fields they change first.</summary>
    public abstract Task WriteAsync(ScanSession scan, IReadOnlyList<PreparedWrite> writes, bool backups, CancellationToken cancellationToken);

    /// <summary>
    /// Sends (or queues, bounded) one page of byte-level changes (a <c>UseStoredBytes</c> step's), in the same order;
    /// <paramref name="done"/> runs once Redis has answered them, when the page may be reused.
    /// </summary>
    public abstract Task WriteAsync(ScanSession scan, StoredPage page, bool backups, Action done, CancellationToken cancellationToken);

    /// <summary>Waits until every write sent so far is acknowledged (before a checkpoint, and at the end).</summary>
    public abstract ValueTask DrainAsync(CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();

    /// <summary>
    /// The RESP writer when the client's transport is the RESP pipeline and the registry lives in the client's
    /// database (its journal and backup commands must share the data's connection to keep their order); otherwise SE
    /// batches.
    /// </summary>
    public static async Task<PageWriter> OpenAsync(MigrationContext context, CancellationToken cancellationToken)
    {
        if (!context.DryRun && context.Registry is RedisMigrationRegistry registry && registry.LivesIn(context.Database)
            && await context.Client.RecordTransport.ConnectAsync(cancellationToken).ConfigureAwait(false) is { } connection)
        {
            return new Resp(connection, context, registry);
        }
        return new StackExchange(context);
    }

    /// <summary>Each page awaited before the next: journal, backups, then one batch of data writes.</summary>
    private sealed class StackExchange(MigrationContext context) : PageWriter
    {
        public override string Transport => "se-batch";

        public override async Task WriteAsync(ScanSession scan, IReadOnlyList<PreparedWrite> writes, bool backups, CancellationToken cancellationToken)
        {
            await scan.JournalAsync(writes, cancellationToken).ConfigureAwait(false);
            if (backups)
            {
                await context.Stores.Backups.BackupFieldsAsync(context.Migration.Id, writes.SelectMany(w => w.Backups), cancellationToken).ConfigureAwait(false);
            }
            var db = context.Database;
            var batch = db.CreateBatch();
            var pending = writes.Select(w => w.QueueAsync(batch, db)).ToArray();
            batch.Execute();
            await ((Task)Task.WhenAll(pending)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            for (var i = 0; i < pending.Length; i++)
            {
                if (pending[i].Exception?.InnerException is RedisServerException refused)
                {
                    // As on the RESP writer: a refused record write is a record error naming its key.
                    context.UncountChange(writes[i].FieldCount);
                    context.RecordError(writes[i].Key, refused);
                }
                else
                {
                    await pending[i].ConfigureAwait(false);
                }
            }
        }

        public override async Task WriteAsync(ScanSession scan, StoredPage page, bool backups, Action done, CancellationToken cancellationToken)
        {
            // Off the RESP pipeline the byte changes are written as any other: the page's text, sent as one batch.
            await WriteAsync(scan, page.ToWrites(), backups, cancellationToken).ConfigureAwait(false);
            done();
        }

        public override ValueTask DrainAsync(CancellationToken cancellationToken) => default;

        public override ValueTask DisposeAsync() => default;
    }

    /// <summary>The page's commands on the migration's RESP write window (see <see cref="RespWriteWindow"/>).</summary>
    private sealed class Resp(RespConnection connection, MigrationContext context, RedisMigrationRegistry registry) : PageWriter
    {
        private readonly RespWriteWindow _window = new(connection, new RefusedRecordWrites(context), context.Client.Options.PipelineDepth);
        private readonly System.Buffers.ArrayBufferWriter<byte> _journal = new();
        private readonly BackupPage _backup = new();

        public override string Transport => "resp";

        public override async Task WriteAsync(ScanSession scan, IReadOnlyList<PreparedWrite> writes, bool backups, CancellationToken cancellationToken)
        {
            if (scan.Checkpointing)
            {
                // One buffer for every page's journal value: it is copied into the connection when queued.
                _journal.ResetWrittenCount();
                foreach (var write in writes)
                {
                    JournalCodec.Append(_journal, write.Key, write.FieldCount);
                }
                registry.Checkpoints.QueueJournal(connection, context.Migration.Id, _journal.WrittenSpan);
                _window.RunCommand();
            }
            if (backups)
            {
                BackupStore.Collect(_backup, writes);
                for (var c = registry.Backups.QueuePage(connection, context.Migration.Id, _backup); c > 0; c--)
                {
                    _window.RunCommand();
                }
            }
            // The window keeps only the page's keys (to name a refused record): the values die young.
            var page = new PageKeys(writes);
            for (var i = 0; i < writes.Count; i++)
            {
                Queue(page, writes[i], i);
            }
            await _window.EndPageAsync(null, cancellationToken).ConfigureAwait(false);
        }

        public override async Task WriteAsync(ScanSession scan, StoredPage page, bool backups, Action done, CancellationToken cancellationToken)
        {
            var id = context.Migration.Id;
            if (scan.Checkpointing)
            {
                _journal.ResetWrittenCount();
                for (var r = 0; r < page.Count; r++)
                {
                    JournalCodec.Append(_journal, page.Key(r), page.Sets(r) + page.Deletes(r));
                }
                registry.Checkpoints.QueueJournal(connection, id, _journal.WrittenSpan);
                _window.RunCommand();
            }
            if (backups)
            {
                QueueBackups(page, id);
            }
            for (var r = 0; r < page.Count; r++)
            {
                Queue(page, r);
            }
            // The page's arena goes back to its owner once Redis has answered its writes.
            await _window.EndPageAsync(done, cancellationToken).ConfigureAwait(false);
        }

        public override ValueTask DrainAsync(CancellationToken cancellationToken) => _window.DrainAsync(cancellationToken);

        public override ValueTask DisposeAsync() => _window.DisposeAsync();

        /// <summary>The page's backups: the old bytes of every field it changes.</summary>
        private void QueueBackups(StoredPage page, string id)
        {
            _backup.Reset();
            for (var r = 0; r < page.Count; r++)
            {
                var ops = page.Sets(r) + page.Deletes(r);
                _backup.BeginRecord(page.Key(r), ops);
                for (var op = page.FirstOp(r); op < page.FirstOp(r) + ops; op++)
                {
                    _backup.Field(page.Name(op), page.Old(op, out var present), present);
                }
            }
            for (var c = registry.Backups.QueuePage(connection, id, _backup); c > 0; c--)
            {
                _window.RunCommand();
            }
        }

        private void Queue(StoredPage page, int r)
        {
            var sets = page.Sets(r);
            var deletes = page.Deletes(r);
            var fields = sets + deletes;
            var both = sets > 0 && deletes > 0;
            var first = page.FirstOp(r);
            if (both)
            {
                connection.BeginCommand("MULTI", 0);
                _window.Multi();
            }
            if (sets > 0)
            {
                connection.BeginCommand("HSET", 1 + (2 * sets));
                connection.WriteKey(page.Key(r));
                for (var op = first; op < first + sets; op++)
                {
                    connection.WriteArgument(page.Name(op));
                    connection.WriteArgument(page.Value(op));
                }
                _window.RecordCommand(page, r, fields, "HSET");
            }
            if (deletes > 0)
            {
                connection.BeginCommand("HDEL", 1 + deletes);
                connection.WriteKey(page.Key(r));
                for (var op = first + sets; op < first + fields; op++)
                {
                    connection.WriteArgument(page.Name(op));
                }
                _window.RecordCommand(page, r, fields, "HDEL");
            }
            if (both)
            {
                connection.BeginCommand("EXEC", 0);
                _window.Exec();
            }
        }

        private void Queue(PageKeys page, in PreparedWrite write, int index)
        {
            var both = write.Sets.Length > 0 && write.Removes.Length > 0;
            if (both)
            {
                connection.BeginCommand("MULTI", 0);
                _window.Multi();
            }
            if (write.Sets.Length > 0)
            {
                connection.BeginCommand("HSET", 1 + (2 * write.Sets.Length));
                connection.WriteKey(write.Key);
                foreach (var set in write.Sets)
                {
                    connection.WriteArgument(set.Name);
                    connection.WriteArgument(set.Value!);
                }
                _window.RecordCommand(page, index, write.FieldCount, "HSET");
            }
            if (write.Removes.Length > 0)
            {
                connection.BeginCommand("HDEL", 1 + write.Removes.Length);
                connection.WriteKey(write.Key);
                foreach (var removed in write.Removes)
                {
                    connection.WriteArgument(removed.Name);
                }
                _window.RecordCommand(page, index, write.FieldCount, "HDEL");
            }
            if (both)
            {
                connection.BeginCommand("EXEC", 0);
                _window.Exec();
            }
        }

        /// <summary>The keys of a page's records, all a refusal needs once the writes are on the wire.</summary>
        private sealed class PageKeys(IReadOnlyList<PreparedWrite> writes) : IRecordKeys
        {
            private readonly string[] _keys = writes.Select(w => w.Key).ToArray();

            public int Count => _keys.Length;

            public string KeyAt(int index) => _keys[index];
        }
    }
}
