using Horreum.Migrations.Engine;
using Horreum.Migrations.Registry;
using Horreum.Orm.Transport;

namespace Horreum.Migrations;

/// <summary>
/// Bulk field updates: every record of the model is read a page at a time, <see cref="ShouldProcess"/> decides,
/// <see cref="BuildUpdate"/> returns the field changes, and the page's writes go out in one pipelined batch,
/// encoded by the mapper's serializer. A dry run runs the same read and decision code and counts what would change.
/// Changed fields are backed up first (per migration, with a TTL) so a rollback restores them.
/// </summary>
/// <typeparam name="T">The model.</typeparam>
public abstract class PipelineMigration<T> : Migration
    where T : class
{
    /// <summary>Whether old values are backed up before writing (default true; makes the migration reversible).</summary>
    protected virtual bool BackupChangedFields => true;

    /// <inheritdoc />
    public override bool IsReversible => BackupChangedFields;

    /// <summary>Whether the record needs a change.</summary>
    protected abstract bool ShouldProcess(T record);

    /// <summary>The changes for a record that needs one.</summary>
    protected abstract FieldChanges BuildUpdate(T record);

    /// <summary>
    /// When true, records are not decoded: <see cref="BuildRawUpdate"/> gets each hash as stored (for data the
    /// model cannot read yet, such as v1 values).
    /// </summary>
    protected virtual bool UseRawHash => false;

    /// <summary>The changes for one raw hash (only when <see cref="UseRawHash"/> is true); empty for no change.</summary>
    protected virtual FieldChanges BuildRawUpdate(string key, IReadOnlyDictionary<string, string?> hash, MigrationContext context) =>
        throw new NotSupportedException($"{GetType().Name} sets UseRawHash but does not override BuildRawUpdate.");

    /// <summary>
    /// When true, records are neither decoded nor turned into strings: <see cref="TransformStored"/> sees each hash
    /// as its stored bytes and writes stored bytes (you write v2 JSON yourself: digits for a number, a quoted string
    /// for a string). The bulk core's speed with the runner's journal, backups, checkpoints and error isolation.
    /// Schema validation policies need decoded values and cannot be combined with it.
    /// </summary>
    protected virtual bool UseStoredBytes => false;

    /// <summary>
    /// The change for one stored hash (only when <see cref="UseStoredBytes"/> is true): read what you need from
    /// <paramref name="record"/>, put writes and deletions into <paramref name="changes"/> (left empty: no change).
    /// Values equal to what is stored are dropped. An exception is a record error naming the key.
    /// </summary>
    protected virtual void TransformStored(BulkRecord record, BulkChanges changes) =>
        throw new NotSupportedException($"{GetType().Name} sets UseStoredBytes but does not override TransformStored.");

    internal override async Task ExecuteAsync(MigrationContext context, CancellationToken cancellationToken)
    {
        if (UseStoredBytes && (ValidateBefore != Orm.Schema.SchemaValidationPolicy.Off || ValidateAfter != Orm.Schema.SchemaValidationPolicy.Off))
        {
            throw new InvalidOperationException($"{Id}: UseStoredBytes works on stored bytes, but ValidateBefore/ValidateAfter need decoded values; set both to Off.");
        }
        var repository = context.Client.Repository<T>();
        SchemaGate.EnsureSchema(repository, this);
        var scan = await context.BeginScanAsync(repository, cancellationToken).ConfigureAwait(false);
        if (UseStoredBytes && context.Client.BulkEndpoint is { } endpoint
            && (context.DryRun || (context.Registry is RedisMigrationRegistry registry && registry.LivesIn(context.Database))))
        {
            context.Transport = "resp";
            await StoredBytesPass.RunAsync(context, scan, endpoint, context.Registry as RedisMigrationRegistry, repository.Keys.ScanPattern, BatchSize,
                TransformStored, BackupChangedFields, cancellationToken).ConfigureAwait(false);
            return;
        }
        var source = await RecordSource.OpenAsync(repository, context, BatchSize, scan.StartCursor, cancellationToken).ConfigureAwait(false);
        await using (source.ConfigureAwait(false))
        {
            var writer = await PageWriter.OpenAsync(context, cancellationToken).ConfigureAwait(false);
            await using (writer.ConfigureAwait(false))
            {
                context.Transport = source.Transport == writer.Transport || context.DryRun ? source.Transport : $"{source.Transport} reads, {writer.Transport} writes";
                scan.BeforeCheckpoint = writer.DrainAsync;
                while (await source.NextPageAsync(cancellationToken).ConfigureAwait(false) is { } page)
                {
                    var writes = Prepare(context, repository, page, cancellationToken);
                    if (writes.Count > 0)
                    {
                        await WritePageAsync(context, scan, writer, writes, cancellationToken).ConfigureAwait(false);
                    }
                    // A checkpoint at this cursor first drains the writer: it never runs ahead of the data.
                    await scan.PageDoneAsync(page.Cursor, page.Records.Count + page.ReadErrors.Count, cancellationToken).ConfigureAwait(false);
                }
                await writer.DrainAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private List<PreparedWrite> Prepare(MigrationContext context, Orm.ModelRepository<T> repository, ScannedPage page, CancellationToken cancellationToken)
    {
        foreach (var failed in page.ReadErrors)
        {
            context.CountScanned();
            context.RecordError(failed.Key, failed.Error);
        }
        var writes = new List<PreparedWrite>(page.Records.Count);
        foreach (var record in page.Records)
        {
            cancellationToken.ThrowIfCancellationRequested();
            context.CountScanned();
            try
            {
                var stored = new StoredHash(record.Pairs);
                if (!SchemaGate.Passes(repository, context, record.Key, stored, ValidateBefore, "before"))
                {
                    continue;
                }
                if (UseStoredBytes)
                {
                    // Off the RESP pipeline (a cluster, StackExchange chosen): the same transform over a copy of the bytes.
                    var storedWrite = StoredBytesAdapter.Prepare(record.Key, record.Pairs, TransformStored);
                    if (!storedWrite.IsEmpty)
                    {
                        writes.Add(storedWrite);
                    }
                    continue;
                }
                FieldChanges changes;
                if (UseRawHash)
                {
                    changes = BuildRawUpdate(record.Key, stored, context);
                }
                else
                {
                    var model = repository.Decode(record.RawId, record.Key, record.Pairs, context.RecordReadMode);
                    if (!ShouldProcess(model))
                    {
                        continue;
                    }
                    changes = BuildUpdate(model);
                }
                var write = FieldWriter.Prepare(repository, context.Client, record.Key, changes, stored);
                if (!write.IsEmpty && SchemaGate.Passes(repository, context, record.Key, SchemaGate.After(stored, write), ValidateAfter, "after"))
                {
                    writes.Add(write);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                context.RecordError(record.Key, ex);
            }
        }
        return writes;
    }

    private async Task WritePageAsync(MigrationContext context, ScanSession scan, PageWriter writer, List<PreparedWrite> writes, CancellationToken cancellationToken)
    {
        foreach (var write in writes)
        {
            // A record an interrupted run journaled is already in the counts it left; it is written again if needed.
            if (!scan.WasCounted(write.Key))
            {
                context.CountChange(write.FieldCount);
            }
        }
        await context.WriteAsync($"{writes.Count} records: {writes[0].Describe()}{(writes.Count > 1 ? " …" : "")}", _ =>
            writer.WriteAsync(scan, writes, BackupChangedFields ? writes.SelectMany(w => w.Backups).ToArray() : [], cancellationToken), cancellationToken).ConfigureAwait(false);
    }
}
