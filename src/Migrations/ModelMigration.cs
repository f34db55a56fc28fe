using Horreum.Migrations.Engine;
using Horreum.Orm;

namespace Horreum.Migrations;

/// <summary>
/// Per-record work over a SCAN of the model's object keys. Each record is loaded through the mapper (or handed
/// over as its raw hash when <see cref="UseRawHash"/> is true) and given to <see cref="ProcessRecordAsync"/>.
/// A record that fails is counted and listed with its key; the others go on.
/// </summary>
/// <typeparam name="T">The model.</typeparam>
public abstract class ModelMigration<T> : Migration
    where T : class
{
    private IReadOnlyDictionary<string, string?> _stored = new Dictionary<string, string?>();

    /// <summary>When true, <see cref="ProcessRawRecordAsync"/> gets each hash as stored, undecoded (e.g. for v1 data).</summary>
    protected virtual bool UseRawHash => false;

    /// <summary>When true (default), fields changed through <see cref="WriteFieldsAsync"/> are backed up so a rollback restores them.</summary>
    protected virtual bool BackupChangedFields => true;

    /// <summary>Processes one record. Write through <see cref="WriteFieldsAsync"/> or <see cref="MigrationContext.WriteAsync"/>.</summary>
    protected abstract Task ProcessRecordAsync(T record, string key, MigrationContext context, CancellationToken cancellationToken);

    /// <summary>Processes one raw hash (only when <see cref="UseRawHash"/> is true).</summary>
    protected virtual Task ProcessRawRecordAsync(string key, IReadOnlyDictionary<string, string?> hash, MigrationContext context, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"{GetType().Name} sets UseRawHash but does not override ProcessRawRecordAsync.");

    /// <summary>
    /// Writes field changes to the record at <paramref name="key"/> (guarded: planned in a dry run), encoded by the
    /// mapper's serializer; unchanged values are skipped. Counts the record as changed when any field differs.
    /// </summary>
    protected async Task<bool> WriteFieldsAsync(MigrationContext context, string key, FieldChanges changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(changes);
        var repository = context.Client.Repository<T>();
        var write = FieldWriter.Prepare(repository, context.Client, key, changes, _stored);
        if (write.IsEmpty || !SchemaGate.Passes(repository, context, key, SchemaGate.After(_stored, write), ValidateAfter, "after"))
        {
            return false;
        }
        var scan = context.Scan;
        if (scan?.WasCounted(key) != true)
        {
            // A record an interrupted run journaled is already in the counts it left.
            context.CountChange(write.FieldCount);
        }
        await context.WriteAsync(write.Describe(), async db =>
        {
            if (scan is not null)
            {
                // The journal lands before the data: a killed run leaves no change that nobody counted.
                await scan.JournalAsync([write], cancellationToken).ConfigureAwait(false);
            }
            if (BackupChangedFields)
            {
                await context.Registry.BackupFieldsAsync(Id, write.Backups, cancellationToken).ConfigureAwait(false);
            }
            await write.QueueAsync(db, db).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        return true;
    }

    internal override async Task ExecuteAsync(MigrationContext context, CancellationToken cancellationToken)
    {
        var repository = context.Client.Repository<T>();
        SchemaGate.EnsureSchema(repository, this);
        var scan = await context.BeginScanAsync(repository, cancellationToken).ConfigureAwait(false);
        var source = await RecordSource.OpenAsync(repository, context, BatchSize, scan.StartCursor, cancellationToken).ConfigureAwait(false);
        await using (source.ConfigureAwait(false))
        {
            // Reads come a page ahead from the bulk source; each record's writes are awaited where the code makes them.
            context.Transport = source.Transport;
            while (await source.NextPageAsync(cancellationToken).ConfigureAwait(false) is { } page)
            {
                await ProcessPageAsync(context, repository, page, cancellationToken).ConfigureAwait(false);
                // Every record of the page was processed and its writes acknowledged.
                await scan.PageDoneAsync(page.Cursor, page.Records.Count + page.ReadErrors.Count, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task ProcessPageAsync(MigrationContext context, ModelRepository<T> repository, ScannedPage page, CancellationToken cancellationToken)
    {
        foreach (var failed in page.ReadErrors)
        {
            context.CountScanned();
            context.RecordError(failed.Key, failed.Error);
        }
        foreach (var record in page.Records)
        {
            cancellationToken.ThrowIfCancellationRequested();
            context.CountScanned();
            try
            {
                _stored = new StoredHash(record.Pairs);
                if (!SchemaGate.Passes(repository, context, record.Key, _stored, ValidateBefore, "before"))
                {
                    continue;
                }
                if (UseRawHash)
                {
                    await ProcessRawRecordAsync(record.Key, _stored, context, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    var model = repository.Decode(record.RawId, record.Key, record.Pairs, context.RecordReadMode);
                    await ProcessRecordAsync(model, record.Key, context, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                context.RecordError(record.Key, ex);
            }
        }
    }
}
