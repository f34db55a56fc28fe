using System.Globalization;
using StackExchange.Redis;

namespace Horreum.Migrations.Registry;

/// <summary>
/// A migration's field backups. Written as a log: each page (or call) appends one <see cref="BackupPage"/> to a list
/// per migration (<see cref="RegistryKeys.BackupLog"/>) with a TTL, one cheap command however many fields it holds.
/// "First value wins" is applied when reading: a resumed run backs up again records it had already rewritten (their
/// "old" value is then the new one), so the earliest entry of a key and field is the value from before the migration.
/// The hash of older versions and of <c>backup_and_modify_field</c> (<see cref="RegistryKeys.Backup"/>) is read too,
/// before the log: its entries are the earlier ones.
/// </summary>
internal sealed class BackupStore(IDatabase db, RegistryKeys keys, MigrationRegistryOptions options)
{
    // Log elements read per LRANGE: a page each, so a long log is read in bounded replies.
    private const int ReadChunk = 64;

    private readonly IDatabase _db = db;

    private RegistryKeys Keys => keys;

    /// <summary>See <see cref="IMigrationRegistry"/>.</summary>
    public async Task<bool> BackupFieldAsync(string migrationId, FieldBackup backup, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(backup);
        return await BackupFieldsAsync(migrationId, [backup], cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <summary>See <see cref="IMigrationRegistry"/>.</summary>
    public async Task<long> BackupFieldsAsync(string migrationId, IEnumerable<FieldBackup> backups, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(migrationId);
        ArgumentNullException.ThrowIfNull(backups);
        var page = new BackupPage();
        foreach (var b in backups)
        {
            ArgumentNullException.ThrowIfNull(b.Key, nameof(backups));
            ArgumentNullException.ThrowIfNull(b.Field, nameof(backups));
            page.BeginRecord(b.Key, 1);
            page.Field(b.Field, b.OldValue);
        }
        if (page.Fields == 0)
        {
            return 0;
        }
        cancellationToken.ThrowIfCancellationRequested();
        var log = Keys.BackupLog(migrationId);
        var transaction = _db.CreateTransaction();
        _ = transaction.ListRightPushAsync(log, page.Written.ToArray());
        _ = transaction.KeyExpireAsync(log, options.BackupTtl);
        await transaction.ExecuteAsync().ConfigureAwait(false);
        return page.Fields;
    }

    /// <summary>See <see cref="IMigrationRegistry"/>.</summary>
    public async Task<IReadOnlyList<FieldBackup>> ListBackupsAsync(string migrationId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(migrationId);
        cancellationToken.ThrowIfCancellationRequested();
        var earliest = new Dictionary<(string Key, string Field), FieldBackup>();
        foreach (var entry in await _db.HashGetAllAsync(Keys.Backup(migrationId)).ConfigureAwait(false))
        {
            var backup = BackupEntryCodec.Decode(entry.Name, entry.Value);
            earliest.TryAdd((backup.Key, backup.Field), backup);
        }
        var log = Keys.BackupLog(migrationId);
        for (long start = 0; ; start += ReadChunk)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var pages = await _db.ListRangeAsync(log, start, start + ReadChunk - 1).ConfigureAwait(false);
            foreach (var page in pages)
            {
                foreach (var backup in BackupPage.Decode((byte[])page!, log))
                {
                    earliest.TryAdd((backup.Key, backup.Field), backup);
                }
            }
            if (pages.Length < ReadChunk)
            {
                break;
            }
        }
        return earliest.Values
            .OrderBy(b => b.Key, StringComparer.Ordinal).ThenBy(b => b.Field, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>See <see cref="IMigrationRegistry"/>.</summary>
    public async Task<BackupRestoreResult> RestoreBackupsAsync(string migrationId, CancellationToken cancellationToken = default)
    {
        var backups = await ListBackupsAsync(migrationId, cancellationToken).ConfigureAwait(false);
        if (backups.Count == 0)
        {
            return new BackupRestoreResult(0, 0);
        }
        cancellationToken.ThrowIfCancellationRequested();

        // One pipelined batch, not a transaction: the data keys live in other slots than the backup on Cluster.
        // Restoring is idempotent, and the backup is kept until every write succeeded, so a failure can be retried.
        var batch = _db.CreateBatch();
        var writes = backups
            .Select(b => (Backup: b, Task: b.OldValue is null
                ? (Task)batch.HashDeleteAsync(b.Key, b.Field)
                : batch.HashSetAsync(b.Key, b.Field, b.OldValue)))
            .ToList();
        batch.Execute();
        try
        {
            await Task.WhenAll(writes.Select(w => w.Task)).ConfigureAwait(false);
        }
        catch (RedisServerException)
        {
            var failed = writes.First(w => w.Task.IsFaulted);
            throw new HorreumMigrationException(
                $"Restoring the backups of migration '{migrationId}' failed at key '{failed.Backup.Key}' field '{failed.Backup.Field}': "
                + $"{failed.Task.Exception?.InnerException?.Message}. The backup is kept; fix that key and run the rollback again.",
                failed.Task.Exception!.InnerException!);
        }

        await _db.KeyDeleteAsync([Keys.Backup(migrationId), Keys.BackupLog(migrationId)]).ConfigureAwait(false);
        var deleted = backups.Count(b => b.OldValue is null);
        return new BackupRestoreResult(backups.Count - deleted, deleted);
    }

    /// <summary>See <see cref="IMigrationRegistry"/>.</summary>
    public async Task<bool> DeleteBackupsAsync(string migrationId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(migrationId);
        cancellationToken.ThrowIfCancellationRequested();
        return await _db.KeyDeleteAsync([Keys.Backup(migrationId), Keys.BackupLog(migrationId)]).ConfigureAwait(false) > 0;
    }

    /// <summary>
    /// Queues on a RESP connection one page's backups (what <see cref="BackupFieldsAsync"/> sends): RPUSH of the
    /// page to the log, then PEXPIRE. Returns how many commands were queued (their replies are the caller's to
    /// tag); none when the page is empty.
    /// </summary>
    public int QueuePage(Horreum.Orm.Transport.ICommandWriter connection, string migrationId, BackupPage page)
    {
        if (page.Fields == 0)
        {
            return 0;
        }
        var log = Keys.BackupLog(migrationId);
        connection.BeginCommand("RPUSH", 2);
        connection.WriteKey(log);
        connection.WriteArgument(page.Written);
        connection.BeginCommand("PEXPIRE", 2);
        connection.WriteKey(log);
        connection.WriteArgument(TtlMilliseconds());
        return 2;
    }

    /// <summary>Fills <paramref name="page"/> with the old values of every field <paramref name="writes"/> change.</summary>
    public static void Collect(BackupPage page, IReadOnlyList<Engine.PreparedWrite> writes)
    {
        page.Reset();
        foreach (var write in writes)
        {
            if (write.FieldCount == 0)
            {
                continue;
            }
            page.BeginRecord(write.Key, write.FieldCount);
            foreach (var set in write.Sets)
            {
                page.Field(set.Name, set.Old);
            }
            foreach (var removed in write.Removes)
            {
                page.Field(removed.Name, removed.Old);
            }
        }
    }

    private string TtlMilliseconds() =>
        Math.Max(1, (long)Math.Ceiling(options.BackupTtl.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture);
}
