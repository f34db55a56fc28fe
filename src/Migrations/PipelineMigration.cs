using Horreum.Migrations.Engine;
using StackExchange.Redis;

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

    /// <summary>Nothing to undo beyond the field backups, which the runner restores.</summary>
    public override Task DownAsync(Engine.MigrationContext context, CancellationToken cancellationToken) => Task.CompletedTask;

    internal override async Task ExecuteAsync(MigrationContext context, CancellationToken cancellationToken)
    {
        var repository = context.Client.Repository<T>();
        SchemaGate.EnsureSchema(repository, this);
        var scan = await context.BeginScanAsync(repository, cancellationToken).ConfigureAwait(false);
        await foreach (var page in RecordScanner.PagesAsync(repository, context.Database, BatchSize, scan.StartCursor, cancellationToken).ConfigureAwait(false))
        {
            var writes = new List<PreparedWrite>(page.Records.Count);
            foreach (var record in page.Records)
            {
                cancellationToken.ThrowIfCancellationRequested();
                context.CountScanned();
                try
                {
                    var stored = record.Pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
                    if (!SchemaGate.Passes(repository, context, record.Key, stored, ValidateBefore, "before"))
                    {
                        continue;
                    }
                    FieldChanges changes;
                    if (UseRawHash)
                    {
                        changes = BuildRawUpdate(record.Key, stored, context);
                    }
                    else
                    {
                        var model = repository.Decode(record.RawId, record.Pairs, context.RecordReadMode);
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
            if (writes.Count > 0)
            {
                await WritePageAsync(context, scan, writes, cancellationToken).ConfigureAwait(false);
            }
            // Only after the page's writes were acknowledged, so a checkpoint never runs ahead of the data.
            await scan.PageDoneAsync(page.Cursor, page.Records.Count, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task WritePageAsync(MigrationContext context, ScanSession scan, List<PreparedWrite> writes, CancellationToken cancellationToken)
    {
        foreach (var write in writes)
        {
            // A record an interrupted run journaled is already in the counts it left; it is written again if needed.
            if (!scan.WasCounted(write.Key))
            {
                context.CountChange(write.FieldCount);
            }
        }
        await context.WriteAsync($"{writes.Count} records: {writes[0].Describe()}{(writes.Count > 1 ? " …" : "")}", async db =>
        {
            // The journal lands before the data: a killed run leaves no change that nobody counted.
            await scan.JournalAsync(writes, cancellationToken).ConfigureAwait(false);
            if (BackupChangedFields)
            {
                // Backups land before the data they protect.
                await context.Registry.BackupFieldsAsync(Id, writes.SelectMany(w => w.Backups), cancellationToken).ConfigureAwait(false);
            }
            var batch = db.CreateBatch();
            var pending = writes.Select(w => w.QueueAsync(batch, db)).ToArray();
            batch.Execute();
            await Task.WhenAll(pending).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }
}
