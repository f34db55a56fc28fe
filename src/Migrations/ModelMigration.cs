using Horreum.Migrations.Engine;
using Horreum.Orm;

namespace Horreum.Migrations;

/// <summary>
/// Per-record work over a SCAN of the model's object keys. Each record is loaded through the mapper (or handed
/// over as its raw hash when <see cref="UseRawHash"/> is true) and given to <see cref="ProcessRecordAsync"/>.
/// A record that fails is counted and listed with its key (and writes nothing); the others go on. Writes are
/// queued (<see cref="WriteFieldsAsync"/>) and sent a page at a time.
/// </summary>
/// <typeparam name="T">The model.</typeparam>
public abstract class ModelMigration<T> : Migration
    where T : class
{
    private RecordPass<T>? _pass;

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
    /// Queues field changes to the record at <paramref name="key"/> (the record being processed), encoded by the
    /// mapper's serializer; unchanged values are skipped. The writes go out with the rest of the page, after its
    /// journal entry and field backups, in one command per record (MULTI when it sets and removes): nothing waits
    /// per record, and a record is never half written. A refused write becomes a record error naming the key.
    /// In a dry run the change is counted and previewed, never sent.
    /// </summary>
    /// <returns>Whether anything will be written (false when every value is already as asked, or the schema check after the change failed).</returns>
    /// <exception cref="InvalidOperationException">Called outside <see cref="ProcessRecordAsync"/> / <see cref="ProcessRawRecordAsync"/>.</exception>
    protected Task<bool> WriteFieldsAsync(MigrationContext context, string key, FieldChanges changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(changes);
        cancellationToken.ThrowIfCancellationRequested();
        var pass = _pass ?? throw new InvalidOperationException($"{Id}: WriteFieldsAsync queues into the record pass; call it from ProcessRecordAsync or ProcessRawRecordAsync.");
        return Task.FromResult(pass.Queue(key, changes));
    }

    internal override async Task ExecuteAsync(MigrationContext context, CancellationToken cancellationToken)
    {
        try
        {
            await RecordPass<T>.RunAsync(context, this, BackupChangedFields, ProcessAsync, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _pass = null;
        }
    }

    private async ValueTask ProcessAsync(RecordPass<T> pass, ScannedRecord record, CancellationToken cancellationToken)
    {
        _pass = pass;
        var context = pass.Context;
        if (UseRawHash)
        {
            await ProcessRawRecordAsync(record.Key, pass.Stored.Detach(), context, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await ProcessRecordAsync(pass.Decode(record), record.Key, context, cancellationToken).ConfigureAwait(false);
        }
    }
}
