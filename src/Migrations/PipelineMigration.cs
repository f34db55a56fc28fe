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
        if (UseStoredBytes && RecordPass<T>.ValidateAfter(context.Client.Repository<T>(), this) != Orm.Schema.SchemaValidationPolicy.Off)
        {
            throw new InvalidOperationException($"{Id}: {typeof(T).Name} has [Feature(\"schema_validation\")], which validates every record a migration writes, but UseStoredBytes never decodes the records it writes. Use the typed kind, or override UseModelFeatures => false to write without the check.");
        }
        if (UseStoredBytes && IndexGuard.StoredBytesRefusal(IndexGuard.Guarded(context.Client.Repository<T>().Model, this), Id, typeof(T).Name) is { } refusal)
        {
            throw new InvalidOperationException(refusal);
        }
        if (UseStoredBytes && context.Client.BulkEndpoint is { } endpoint
            && (context.DryRun || (context.Registry is RedisMigrationRegistry registry && registry.LivesIn(context.Database))))
        {
            var repository = context.Client.Repository<T>();
            var scan = await context.BeginScanAsync(repository, cancellationToken).ConfigureAwait(false);
            context.Transport = "resp";
            await StoredBytesPass.RunAsync(context, scan, endpoint, context.Registry as RedisMigrationRegistry, repository.Keys.ScanPattern, BatchSize,
                TransformStored, BackupChangedFields, cancellationToken).ConfigureAwait(false);
            return;
        }
        await RecordPass<T>.RunAsync(context, this, BackupChangedFields, Process, cancellationToken).ConfigureAwait(false);
    }

    private ValueTask Process(RecordPass<T> pass, ScannedRecord record, CancellationToken cancellationToken)
    {
        if (UseStoredBytes)
        {
            // Off the RESP pipeline (a cluster, StackExchange chosen): the same transform over a copy of the bytes.
            pass.Queue(StoredBytesAdapter.Prepare(record.Key, pass.StoredBytes(record), TransformStored));
        }
        else if (UseRawHash)
        {
            pass.Queue(record.Key, BuildRawUpdate(record.Key, pass.Stored.Detach(), pass.Context));
        }
        else
        {
            var model = pass.Decode(record);
            if (ShouldProcess(model))
            {
                pass.Queue(record.Key, BuildUpdate(model));
            }
        }
        return ValueTask.CompletedTask;
    }
}
