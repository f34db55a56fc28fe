using Horreum.Migrations.Registry;
using Horreum.Orm.Transport;

namespace Horreum.Migrations.Engine;

/// <summary>
/// How a Pipeline migration's page of writes reaches Redis, always in this order: the journal entries (so a killed
/// run leaves no change nobody counted), the field backups (before the data they protect), then the data: one HSET
/// or HDEL per record, or MULTI/HSET/HDEL/EXEC when a record has both. Everything goes through the write window the
/// client's transport opens (the RESP pipeline, up to <see cref="Horreum.Orm.HorreumOptions.PipelineDepth"/> pages
/// unanswered, or StackExchange.Redis a page at a time). When the registry lives in another database the journal and
/// backups are written (and acknowledged) through its stores before the page. Called inside the write guard.
/// </summary>
internal sealed class PageWriter : IAsyncDisposable
{
    private readonly WriteWindow _window;
    private readonly MigrationContext _context;
    private readonly RedisMigrationRegistry? _registry;
    private readonly System.Buffers.ArrayBufferWriter<byte> _journal = new();
    private readonly BackupPage _backup = new();

    private PageWriter(WriteWindow window, MigrationContext context, RedisMigrationRegistry? registry)
    {
        _window = window;
        _context = context;
        _registry = registry;
    }

    /// <summary><c>resp</c> or <c>se-batch</c>.</summary>
    public string Transport => _window.Transport;

    /// <summary>Opens the writer on a write window of the client's transport.</summary>
    public static async Task<PageWriter> OpenAsync(MigrationContext context, CancellationToken cancellationToken)
    {
        // The journal and backups ride in the page only where they share the data's database (and so its order).
        var registry = context.Registry is RedisMigrationRegistry here && here.LivesIn(context.Database) ? here : null;
        var window = await context.Client.RecordTransport.OpenWriteWindowAsync(new RefusedRecordWrites(context), pooled: false, cancellationToken).ConfigureAwait(false);
        return new PageWriter(window, context, registry);
    }

    /// <summary>Sends (or queues, bounded) one page's writes; with <paramref name="backups"/>, the old values of the fields they change first.</summary>
    public async Task WriteAsync(ScanSession scan, IReadOnlyList<PreparedWrite> writes, bool backups, CancellationToken cancellationToken)
    {
        var id = _context.Migration.Id;
        if (_registry is null)
        {
            await scan.JournalAsync(writes, cancellationToken).ConfigureAwait(false);
            if (backups)
            {
                await _context.Stores.Backups.BackupFieldsAsync(id, writes.SelectMany(w => w.Backups), cancellationToken).ConfigureAwait(false);
            }
        }
        else
        {
            if (scan.Checkpointing)
            {
                // One buffer for every page's journal value: it is copied when queued.
                _journal.ResetWrittenCount();
                foreach (var write in writes)
                {
                    JournalCodec.Append(_journal, write.Key, write.FieldCount);
                }
                _registry.Checkpoints.QueueJournal(_window.Commands, id, _journal.WrittenSpan);
                _window.RunCommand();
            }
            if (backups)
            {
                BackupStore.Collect(_backup, writes);
                for (var c = _registry.Backups.QueuePage(_window.Commands, id, _backup); c > 0; c--)
                {
                    _window.RunCommand();
                }
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

    /// <summary>
    /// Sends (or queues, bounded) one page of byte-level changes (a <c>UseStoredBytes</c> step's), in the same order;
    /// <paramref name="done"/> runs once Redis has answered them, when the page may be reused.
    /// </summary>
    public async Task WriteAsync(ScanSession scan, StoredPage page, bool backups, Action done, CancellationToken cancellationToken)
    {
        if (_registry is null)
        {
            // The journal and backups go to the registry's own database first; they are built from the page's text.
            await WriteAsync(scan, page.ToWrites(), backups, cancellationToken).ConfigureAwait(false);
            done(); // the writes hold copies of the page's text, so its arena may go back now
            return;
        }
        var id = _context.Migration.Id;
        if (scan.Checkpointing)
        {
            _journal.ResetWrittenCount();
            for (var r = 0; r < page.Count; r++)
            {
                JournalCodec.Append(_journal, page.Key(r), page.Sets(r) + page.Deletes(r));
            }
            _registry.Checkpoints.QueueJournal(_window.Commands, id, _journal.WrittenSpan);
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

    /// <summary>Waits until every write sent so far is acknowledged (before a checkpoint, and at the end).</summary>
    public ValueTask DrainAsync(CancellationToken cancellationToken) => _window.DrainAsync(cancellationToken);

    public ValueTask DisposeAsync() => _window.DisposeAsync();

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
        for (var c = _registry!.Backups.QueuePage(_window.Commands, id, _backup); c > 0; c--)
        {
            _window.RunCommand();
        }
    }

    private void Queue(StoredPage page, int r)
    {
        var commands = _window.Commands;
        var sets = page.Sets(r);
        var deletes = page.Deletes(r);
        var fields = sets + deletes;
        var both = sets > 0 && deletes > 0;
        var first = page.FirstOp(r);
        if (both)
        {
            _window.Multi();
        }
        if (sets > 0)
        {
            commands.BeginCommand("HSET", 1 + (2 * sets));
            commands.WriteKey(page.Key(r));
            for (var op = first; op < first + sets; op++)
            {
                commands.WriteArgument(page.Name(op));
                commands.WriteArgument(page.Value(op));
            }
            _window.RecordCommand(page, r, fields, "HSET");
        }
        if (deletes > 0)
        {
            commands.BeginCommand("HDEL", 1 + deletes);
            commands.WriteKey(page.Key(r));
            for (var op = first + sets; op < first + fields; op++)
            {
                commands.WriteArgument(page.Name(op));
            }
            _window.RecordCommand(page, r, fields, "HDEL");
        }
        if (both)
        {
            _window.Exec();
        }
    }

    private void Queue(PageKeys page, in PreparedWrite write, int index)
    {
        var commands = _window.Commands;
        var both = write.Sets.Length > 0 && write.Removes.Length > 0;
        if (both)
        {
            _window.Multi();
        }
        if (write.Sets.Length > 0)
        {
            commands.BeginCommand("HSET", 1 + (2 * write.Sets.Length));
            commands.WriteKey(write.Key);
            foreach (var set in write.Sets)
            {
                commands.WriteArgument(set.Name);
                commands.WriteArgument(set.Value!);
            }
            _window.RecordCommand(page, index, write.FieldCount, "HSET");
        }
        if (write.Removes.Length > 0)
        {
            commands.BeginCommand("HDEL", 1 + write.Removes.Length);
            commands.WriteKey(write.Key);
            foreach (var removed in write.Removes)
            {
                commands.WriteArgument(removed.Name);
            }
            _window.RecordCommand(page, index, write.FieldCount, "HDEL");
        }
        if (both)
        {
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
