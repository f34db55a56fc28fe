using Horreum.Orm;

namespace Horreum.Migrations.Engine;

/// <summary>
/// The pass Model and Pipeline migrations run on: pages of records from the scan (<see cref="Orm.Transport.RecordReader"/>,
/// keys and values as bytes in a <see cref="Orm.Transport.RecordPage"/>), each
/// record through the kind's step, which queues the record's writes into the page; then the page's journal entry,
/// field backups and data go out together (<see cref="PageWriter"/>), and the page is checkpointed once its replies
/// are in. A record's writes are one HSET/HDEL, or one MULTI when it has both, so a record is never half written; a
/// step that throws is a record error and its queued writes are dropped. Nothing waits per record.
/// </summary>
/// <typeparam name="T">The model.</typeparam>
internal sealed class RecordPass<T>
    where T : class
{
    private readonly MigrationContext _context;
    private readonly ModelRepository<T> _repository;
    private readonly Migration _migration;
    private readonly Orm.Schema.SchemaValidationPolicy _validateAfter;
    private readonly IReadOnlyList<Orm.Modeling.IndexMetadata> _indexes;
    private readonly Orm.Transport.RecordPage _page = new();
    private readonly Orm.Transport.BulkChanges _changes = new();
    // Pages of byte-level changes: the writer keeps one until Redis has answered it, then hands it back.
    private readonly Stack<StoredPage> _changePages = new();
    private readonly List<PreparedWrite> _writes = [];

    private RecordPass(MigrationContext context, ModelRepository<T> repository, Migration migration)
    {
        _context = context;
        _repository = repository;
        _migration = migration;
        // A preview before pending dependencies reads data those would still change (leniently): the feature's
        // implicit check would refuse what the real run, in order, will accept. The migration's own policy stays.
        _validateAfter = context.PendingDependencies.Count > 0 && migration.ValidateAfter == Orm.Schema.SchemaValidationPolicy.Off
            ? Orm.Schema.SchemaValidationPolicy.Off
            : ValidateAfter(repository, migration);
        _indexes = IndexGuard.Guarded(repository.Model, migration);
    }

    /// <summary>
    /// The schema check after the change: the migration's own policy, or, when it has none and uses the model's
    /// features, the <c>schema_validation</c> feature's (a record that would not save is not written).
    /// </summary>
    public static Orm.Schema.SchemaValidationPolicy ValidateAfter(ModelRepository<T> repository, Migration migration) =>
        migration.ValidateAfter != Orm.Schema.SchemaValidationPolicy.Off || !migration.UseModelFeatures || !repository.Model.HasFeature(Orm.Schema.SchemaValidationFeature.FeatureName)
            ? migration.ValidateAfter
            : Orm.Schema.SchemaValidationPolicy.Fail;

    /// <summary>The record being processed, as stored.</summary>
    public StoredHash Stored { get; private set; } = StoredHash.Empty;

    /// <summary>The run's context.</summary>
    public MigrationContext Context => _context;

    /// <summary>The repository of the model.</summary>
    public ModelRepository<T> Repository => _repository;

    /// <summary>Runs the pass; <paramref name="step"/> processes one record and queues its writes.</summary>
    /// <param name="context">The run's context.</param>
    /// <param name="migration">The migration (schema policies, page size).</param>
    /// <param name="backups">Whether the old values of changed fields are backed up.</param>
    /// <param name="step">The kind's work for one record.</param>
    /// <param name="cancellationToken">Stops between records.</param>
    public static Task RunAsync(MigrationContext context, Migration migration, bool backups, Func<RecordPass<T>, ScannedRecord, CancellationToken, ValueTask> step, CancellationToken cancellationToken) =>
        RunAsync(context, migration, backups, step, null, cancellationToken);

    /// <summary>
    /// Runs the pass with a byte-level step (<c>UseStoredBytes</c>): <paramref name="transform"/> sees each record's
    /// stored bytes in the page and its changes are kept as bytes (<see cref="StoredPage"/>): no string per record.
    /// </summary>
    public static Task RunBytesAsync(MigrationContext context, Migration migration, bool backups, Orm.Transport.BulkTransform transform, CancellationToken cancellationToken) =>
        RunAsync(context, migration, backups, null, transform, cancellationToken);

    private static async Task RunAsync(MigrationContext context, Migration migration, bool backups, Func<RecordPass<T>, ScannedRecord, CancellationToken, ValueTask>? step, Orm.Transport.BulkTransform? transform, CancellationToken cancellationToken)
    {
        var repository = context.Client.Repository<T>();
        SchemaGate.EnsureSchema(repository, migration);
        var pass = new RecordPass<T>(context, repository, migration);
        var scan = await context.BeginScanAsync(repository, cancellationToken).ConfigureAwait(false);
        var reader = await repository.OpenRecordReaderAsync(migration.BatchSize, scan.StartCursor, cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            var writer = await PageWriter.OpenAsync(context, cancellationToken).ConfigureAwait(false);
            await using (writer.ConfigureAwait(false))
            {
                context.Transport = reader.Transport == writer.Transport || context.DryRun ? reader.Transport : $"{reader.Transport} reads, {writer.Transport} writes";
                scan.BeforeCheckpoint = writer.DrainAsync;
                var page = pass._page;
                while (await reader.ReadPageAsync(page, cancellationToken).ConfigureAwait(false))
                {
                    if (transform is not null)
                    {
                        await pass.ProcessBytesAsync(scan, writer, transform, backups, cancellationToken).ConfigureAwait(false);
                    }
                    else
                    {
                        var writes = await pass.ProcessPageAsync(step!, cancellationToken).ConfigureAwait(false);
                        if (writes.Count > 0)
                        {
                            await pass.WritePageAsync(scan, writer, writes, backups, cancellationToken).ConfigureAwait(false);
                        }
                    }
                    // A checkpoint at this cursor first drains the writer: it never runs ahead of the data.
                    await scan.PageDoneAsync(page.Cursor, page.Count + page.Errors.Count, cancellationToken).ConfigureAwait(false);
                }
                await writer.DrainAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Queues field changes of the record at <paramref name="key"/>, encoded by the mapper's serializer and compared
    /// with <see cref="Stored"/> (unchanged values dropped), after the schema check of the record as it will be.
    /// A change of an indexed value throws (see <see cref="IndexGuard"/>), so the record is a record error.
    /// </summary>
    /// <returns>Whether anything will be written.</returns>
    public bool Queue(string key, FieldChanges changes)
    {
        var write = FieldWriter.Prepare(_repository, key, changes, Stored);
        IndexGuard.Check(_indexes, write, Stored, typeof(T).Name);
        if (write.IsEmpty
            || (_validateAfter != Orm.Schema.SchemaValidationPolicy.Off && !SchemaGate.Passes(_repository, _context, key, SchemaGate.After(Stored, write), _validateAfter, "after")))
        {
            return false;
        }
        _writes.Add(write);
        return true;
    }

    /// <summary>Queues a write prepared by the kind itself.</summary>
    public void Queue(PreparedWrite write)
    {
        if (!write.IsEmpty)
        {
            IndexGuard.Check(_indexes, write, Stored, typeof(T).Name);
            _writes.Add(write);
        }
    }

    /// <summary>Decodes the record into the model (leniently in a preview before pending dependencies).</summary>
    public T Decode(ScannedRecord record) => _repository.Decode(record.RawId, record.Key, _page, record.Index, _context.RecordReadMode);

    private async ValueTask<List<PreparedWrite>> ProcessPageAsync(Func<RecordPass<T>, ScannedRecord, CancellationToken, ValueTask> step, CancellationToken cancellationToken)
    {
        var page = _page;
        foreach (var failed in page.Errors)
        {
            _context.CountScanned();
            _context.RecordError(failed.Key, failed.Error);
        }
        // One list for every page: the writer has sent (or awaited) a page's writes before the next page is read,
        // and keeps only their keys.
        _writes.Clear();
        for (var i = 0; i < page.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var key = page.KeyString(i);
            if (_repository.Keys.IdFromObjectKey(key) is not { } rawId)
            {
                continue; // matched the scan's pattern but is not an object key of the model
            }
            var record = new ScannedRecord(rawId, key, i);
            _context.CountScanned();
            var queued = _writes.Count;
            try
            {
                Stored = new StoredHash(page, i);
                if (SchemaGate.Passes(_repository, _context, record.Key, Stored, _migration.ValidateBefore, "before"))
                {
                    await step(this, record, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A record that fails writes nothing, not even what it queued before failing.
                _writes.RemoveRange(queued, _writes.Count - queued);
                _context.RecordError(record.Key, ex);
            }
        }
        return _writes;
    }

    /// <summary>A byte-level step over the page: each record's transform, its changes kept as bytes, then the page written.</summary>
    private async Task ProcessBytesAsync(ScanSession scan, PageWriter writer, Orm.Transport.BulkTransform transform, bool backups, CancellationToken cancellationToken)
    {
        var page = _page;
        foreach (var failed in page.Errors)
        {
            _context.CountScanned();
            _context.RecordError(failed.Key, failed.Error);
        }
        var changes = _changePages.Count > 0 ? _changePages.Pop() : new StoredPage();
        changes.Clear();
        long records = 0, fields = 0;
        for (var i = 0; i < page.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            _context.CountScanned();
            var kept = Transform(transform, changes, i);
            // A record an interrupted run journaled is already in the counts it left; it is written again if needed.
            if (kept > 0 && (!scan.HasJournal || !scan.WasCounted(changes.KeyAt(changes.Count - 1))))
            {
                records++;
                fields += kept;
            }
        }
        _context.CountChanges(records, fields);
        if (changes.Count == 0
            || !await _context.WriteAsync(changes.Describe(), _ => writer.WriteAsync(scan, changes, backups, () => _changePages.Push(changes), cancellationToken), cancellationToken).ConfigureAwait(false))
        {
            _changePages.Push(changes);
        }
    }

    /// <summary>Runs the transform on record <paramref name="index"/>; returns the field changes kept (0: none, or a record error).</summary>
    private int Transform(Orm.Transport.BulkTransform transform, StoredPage changes, int index)
    {
        var record = _page.Record(index);
        _changes.Reset();
        try
        {
            transform(record, _changes);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _context.RecordError(record.GetKeyString(), ex);
            return 0;
        }
        return _changes.IsEmpty ? 0 : changes.AddRecord(record, _changes);
    }

    private async Task WritePageAsync(ScanSession scan, PageWriter writer, List<PreparedWrite> writes, bool backups, CancellationToken cancellationToken)
    {
        long records = 0, fields = 0;
        foreach (var write in writes)
        {
            // A record an interrupted run journaled is already in the counts it left; it is written again if needed.
            if (!scan.HasJournal || !scan.WasCounted(write.Key))
            {
                records++;
                fields += write.FieldCount;
            }
        }
        _context.CountChanges(records, fields);
        await _context.WriteAsync($"{writes.Count} records: {writes[0].Describe()}{(writes.Count > 1 ? " …" : "")}", _ =>
            writer.WriteAsync(scan, writes, backups, cancellationToken), cancellationToken).ConfigureAwait(false);
    }
}
