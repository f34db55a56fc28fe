using Horreum.Migrations.Engine;
using Horreum.Orm;
using Horreum.Orm.Features;

namespace Horreum.Migrations.Builtin;

/// <summary>
/// Makes every index of <typeparamref name="T"/> (unique, multi, objid/extid lookups) equal what its records imply:
/// first removes the stale entries (a missing record, or a value the record no longer has), then adds, record by
/// record over the model's SCAN, the entries that are missing. Use it after adding an index to a model that already
/// has data, or after migrations that wrote records directly. A dry run lists every entry it would add and remove.
/// </summary>
/// <remarks>
/// Not reversible on purpose: the indexes are derived from the records, so the state before a rebuild is only a
/// wrong index; to go back, roll back whatever changed the records and run the rebuild again. A record whose unique
/// value another live record already holds is a record error (two records claim one value: fix the data). A resumed
/// run starts from the checkpoint of the record pass; the stale sweep runs again (it is idempotent).
/// </remarks>
/// <typeparam name="T">The model.</typeparam>
public abstract class RebuildIndexesMigration<T> : ModelMigration<T>
    where T : class
{
    /// <inheritdoc />
    public override string Description => $"Rebuild the indexes of {typeof(T).Name}";

    /// <inheritdoc />
    protected override bool UseRawHash => true;

    /// <inheritdoc />
    protected override bool BackupChangedFields => false;

    /// <summary>Removes the stale entries before the record pass adds the missing ones.</summary>
    public override async Task PrepareAsync(MigrationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var repository = context.Client.Repository<T>();
        if (repository.Model.Indexes.Count == 0)
        {
            throw new InvalidOperationException($"{Id}: {typeof(T).Name} declares no index to rebuild.");
        }
        var stale = new List<IndexEntry>();
        await foreach (var entry in IndexAudit.StaleAsync(context.Database, context.Client, repository.Keys, repository.Codec).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            stale.Add(entry);
        }
        foreach (var entry in stale)
        {
            context.TrackStat("index_entries_removed");
            await context.WriteAsync("remove stale " + entry, db => IndexAudit.RemoveAsync(db, entry), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    protected override Task ProcessRecordAsync(T record, string key, MigrationContext context, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The rebuild reads records raw.");

    /// <inheritdoc />
    protected override async Task ProcessRawRecordAsync(string key, IReadOnlyDictionary<string, string?> hash, MigrationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var repository = context.Client.Repository<T>();
        var rawId = repository.Keys.IdFromObjectKey(key) ?? throw new InvalidOperationException($"'{key}' is not an object key of {typeof(T).Name}.");
        var added = 0;
        foreach (var (entry, state) in await IndexAudit.CheckRecordAsync(context.Database, repository.Keys, repository.Codec, rawId, hash).ConfigureAwait(false))
        {
            if (state == EntryState.Conflict)
            {
                context.TrackStat("unique_conflicts");
                throw new RecordExistsException($"'{key}': its {entry.Index.Field.StorageName} '{entry.Field}' is held by another live record in '{entry.Key}'; change one of the two records, then run the rebuild again.");
            }
            if (state == EntryState.Missing)
            {
                added++;
                context.TrackStat("index_entries_added");
                await context.WriteAsync("add " + entry, db => IndexAudit.AddAsync(db, repository.Keys, entry), cancellationToken).ConfigureAwait(false);
            }
        }
        if (added > 0)
        {
            context.CountChange(added);
        }
    }
}
