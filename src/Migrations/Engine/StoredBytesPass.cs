using System.Buffers;
using System.Text;
using Horreum.Migrations.Registry;
using Horreum.Orm.Transport;

namespace Horreum.Migrations.Engine;

/// <summary>
/// A Pipeline migration with <c>UseStoredBytes</c> on the RESP pipeline: the bulk core's loop (hashes seen as
/// bytes, nothing decoded that the transform does not ask for) with the runner's bookkeeping. Each page's changes
/// are kept in a <see cref="StoredPage"/>, then sent in order on the write window: journal, backups (the old bytes),
/// data. Values equal to what is stored, and deletions of absent fields, are dropped before counting.
/// </summary>
internal sealed class StoredBytesPass : IRespErrorHandler
{
    private readonly MigrationContext _context;
    private readonly ScanSession _scan;
    private readonly BulkTransform _transform;
    private readonly RespScanReader _reader;
    private readonly RespWriteWindow? _writer;
    private readonly RedisMigrationRegistry? _registry;
    private readonly bool _backups;
    private readonly int _pageSize;
    private readonly Stack<StoredPage> _pool = new();
    private readonly BulkChanges _changes = new();
    private readonly ArrayBufferWriter<byte> _journal = new(16 * 1024);
    private BulkField[] _fields = new BulkField[16];
    private byte[] _scratch = new byte[4096];
    private readonly BackupPage _backup = new();
    private StoredPage _page = new();

    private StoredBytesPass(MigrationContext context, ScanSession scan, RespScanReader reader, RespWriteWindow? writer, RedisMigrationRegistry? registry, BulkTransform transform, bool backups, int pageSize)
    {
        _context = context;
        _scan = scan;
        _reader = reader;
        _writer = writer;
        _registry = registry;
        _transform = transform;
        _backups = backups;
        _pageSize = pageSize;
    }

    /// <summary>Runs the pass. <paramref name="registry"/> is required for a real run (its journal and backups share the write connection).</summary>
    public static async Task RunAsync(MigrationContext context, ScanSession scan, RespConnectionOptions endpoint, RedisMigrationRegistry? registry, string pattern, int pageSize, BulkTransform transform, bool backups, CancellationToken cancellationToken)
    {
        var read = await RespConnection.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
        await using (read.ConfigureAwait(false))
        {
            RespWriteWindow? writer = context.DryRun ? null : new RespWriteWindow(await RespConnection.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false), new RefusedRecordWrites(context), context.Client.Options.PipelineDepth);
            try
            {
                scan.BeforeCheckpoint = writer is null ? null : writer.DrainAsync;
                var reader = new RespScanReader(read, pattern, pageSize, scan.StartCursor);
                await new StoredBytesPass(context, scan, reader, writer, registry, transform, backups, pageSize).RunAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                if (writer is not null)
                {
                    await writer.DisposeAsync().ConfigureAwait(false);
                }
            }
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var done = false;
        while (!done)
        {
            _page = _pool.Count > 0 ? _pool.Pop() : new StoredPage();
            _page.Clear();
            var any = false;
            // SCAN steps until a page's worth of keys (MATCH may find few per step), as the other sources do.
            while (_page.Scanned < _pageSize)
            {
                if (!await _reader.ReadPageAsync(this, cancellationToken).ConfigureAwait(false))
                {
                    done = true;
                    break;
                }
                any = true;
                _page.Scanned += _reader.Page.Count;
                if (_reader.Page.IsLast)
                {
                    done = true;
                    break;
                }
            }
            if (!any)
            {
                break;
            }
            var page = _page;
            if (page.Count > 0)
            {
                var sent = await _context.WriteAsync(Describe(page), async _ =>
                {
                    Emit(page);
                    // The page's arena goes back to the pool once Redis has answered its writes.
                    await _writer!.EndPageAsync(() => _pool.Push(page), cancellationToken).ConfigureAwait(false);
                }, cancellationToken).ConfigureAwait(false);
                if (!sent)
                {
                    _pool.Push(page);
                }
            }
            else
            {
                _pool.Push(page);
            }
            await _scan.PageDoneAsync(Encoding.ASCII.GetString(_reader.Page.Cursor), page.Scanned, cancellationToken).ConfigureAwait(false);
        }
        if (_writer is not null)
        {
            await _writer.DrainAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>One HGETALL reply: transform, keep the effective changes with the values they replace.</summary>
    public void OnReply(int index, in RespReply reply)
    {
        var count = HashReplyDecoder.Decode(reply, ref _scratch, ref _fields, out var bytes);
        if (count == 0)
        {
            // Deleted between SCAN and HGETALL: nothing to migrate.
            return;
        }
        _context.CountScanned();
        var key = _reader.Page.Key(index);
        var record = new BulkRecord(key, bytes, _fields.AsSpan(0, count));
        _changes.Reset();
        try
        {
            _transform(record, _changes);
        }
        catch (Exception ex)
        {
            // Isolated like any record error; the reply stream stays in step.
            _context.RecordError(Encoding.UTF8.GetString(key), ex);
            return;
        }
        if (_changes.IsEmpty)
        {
            return;
        }
        var kept = _page.AddRecord(record, _changes);
        if (kept == 0)
        {
            return;
        }
        // A record an interrupted run journaled is already in the counts it left; it is written again if needed.
        if (!_scan.HasJournal || !_scan.WasCounted(Encoding.UTF8.GetString(key)))
        {
            _context.CountChange(kept);
        }
    }

    /// <summary>A key under the pattern that is not a hash: a record error naming it.</summary>
    public void OnError(int index, RedisReplyException reply)
    {
        _context.CountScanned();
        _context.RecordError(Encoding.UTF8.GetString(_reader.Page.Key(index)), reply);
    }

    private void Emit(StoredPage page)
    {
        var connection = _writer!.Connection;
        var id = _context.Migration.Id;
        if (_scan.Checkpointing)
        {
            _journal.ResetWrittenCount();
            for (var r = 0; r < page.Count; r++)
            {
                JournalCodec.Append(_journal, page.Key(r), page.Sets(r) + page.Deletes(r));
            }
            _registry!.Checkpoints.QueueJournal(connection, id, _journal.WrittenSpan);
            _writer.RunCommand();
        }
        if (_backups)
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
            for (var c = _registry!.Backups.QueuePage(connection, id, _backup); c > 0; c--)
            {
                _writer.RunCommand();
            }
        }
        for (var r = 0; r < page.Count; r++)
        {
            WriteRecord(connection, page, r);
        }
    }

    private void WriteRecord(RespConnection connection, StoredPage page, int r)
    {
        var sets = page.Sets(r);
        var deletes = page.Deletes(r);
        var fields = sets + deletes;
        var both = sets > 0 && deletes > 0;
        var first = page.FirstOp(r);
        if (both)
        {
            connection.BeginCommand("MULTI", 0);
            _writer!.Multi();
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
            _writer!.RecordCommand(page, r, fields, "HSET");
        }
        if (deletes > 0)
        {
            connection.BeginCommand("HDEL", 1 + deletes);
            connection.WriteKey(page.Key(r));
            for (var op = first + sets; op < first + fields; op++)
            {
                connection.WriteArgument(page.Name(op));
            }
            _writer!.RecordCommand(page, r, fields, "HDEL");
        }
        if (both)
        {
            connection.BeginCommand("EXEC", 0);
            _writer!.Exec();
        }
    }

    /// <summary>What the page writes, for the dry run's preview (first record, then "…").</summary>
    private static string Describe(StoredPage page)
    {
        var text = new StringBuilder();
        text.Append(page.Count).Append(" records: ");
        var sets = page.Sets(0);
        var first = page.FirstOp(0);
        if (sets > 0)
        {
            text.Append("HSET ").Append(page.KeyAt(0));
            for (var op = first; op < first + sets; op++)
            {
                var value = Encoding.UTF8.GetString(page.Value(op));
                text.Append(' ').Append(Encoding.UTF8.GetString(page.Name(op))).Append('=').Append(value.Length > 40 ? value[..40] + "…" : value);
            }
        }
        if (page.Deletes(0) > 0)
        {
            text.Append(sets > 0 ? "; " : "").Append("HDEL ").Append(page.KeyAt(0));
            for (var op = first + sets; op < first + sets + page.Deletes(0); op++)
            {
                text.Append(' ').Append(Encoding.UTF8.GetString(page.Name(op)));
            }
        }
        return page.Count > 1 ? text.Append(" …").ToString() : text.ToString();
    }
}
