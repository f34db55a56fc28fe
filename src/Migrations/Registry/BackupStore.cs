using System.Globalization;
using System.Text.Json;
using Horreum.Migrations.Lua;
using StackExchange.Redis;

namespace Horreum.Migrations.Registry;

/// <summary>
/// A migration's field backups: one hash per migration (<see cref="RegistryKeys.Backup"/>), first value wins, with
/// a TTL. Written through the backup script, either awaited here or queued by the record pass into its page flush.
/// </summary>
internal sealed class BackupStore(IDatabase db, RegistryKeys keys, LuaCatalog scripts, MigrationRegistryOptions options)
{
    private readonly IDatabase _db = db;
    private readonly LuaCatalog _scripts = scripts;

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
        var args = new List<RedisValue> { TtlMilliseconds() };
        foreach (var b in backups)
        {
            ArgumentNullException.ThrowIfNull(b.Key, nameof(backups));
            ArgumentNullException.ThrowIfNull(b.Field, nameof(backups));
            args.Add(BackupEntryCodec.EncodeName(b.Key, b.Field));
            args.Add(BackupEntryCodec.EncodeValue(b.OldValue));
        }
        if (args.Count == 1)
        {
            return 0;
        }
        var result = await _scripts.EvaluateAsync(_db, RegistryScripts.BackupName, [Keys.Backup(migrationId)], [.. args], cancellationToken)
            .ConfigureAwait(false);
        return (long)result;
    }

    /// <summary>See <see cref="IMigrationRegistry"/>.</summary>
    public async Task<IReadOnlyList<FieldBackup>> ListBackupsAsync(string migrationId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(migrationId);
        cancellationToken.ThrowIfCancellationRequested();
        var entries = await _db.HashGetAllAsync(Keys.Backup(migrationId)).ConfigureAwait(false);
        return entries.Select(e => BackupEntryCodec.Decode(e.Name, e.Value))
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

        await _db.KeyDeleteAsync(Keys.Backup(migrationId)).ConfigureAwait(false);
        var deleted = backups.Count(b => b.OldValue is null);
        return new BackupRestoreResult(backups.Count - deleted, deleted);
    }

    /// <summary>See <see cref="IMigrationRegistry"/>.</summary>
    public async Task<bool> DeleteBackupsAsync(string migrationId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(migrationId);
        cancellationToken.ThrowIfCancellationRequested();
        return await _db.KeyDeleteAsync(Keys.Backup(migrationId)).ConfigureAwait(false);
    }

    /// <summary>The backup script, its key and TTL argument, for callers that write the EVAL themselves.</summary>
    public (string Script, string Key, string TtlMilliseconds) BackupCommand(string migrationId) =>
        (RegistryScripts.Backup, Keys.Backup(migrationId), TtlMilliseconds());

    /// <summary>Queues on a RESP connection what <see cref="BackupFieldsAsync"/> sends (the backup script, by EVAL).</summary>
    /// <remarks>
    /// The backups are the old values of every field <paramref name="writes"/> change, encoded from the writes straight
    /// into the connection's buffer (each record's key once). Returns false, queueing nothing, when there are none.
    /// </remarks>
    public bool QueueBackups(Horreum.Orm.Transport.RespConnection connection, string migrationId, IReadOnlyList<Engine.PreparedWrite> writes)
    {
        var count = 0;
        foreach (var write in writes)
        {
            count += write.FieldCount;
        }
        if (count == 0)
        {
            return false;
        }
        connection.BeginCommand("EVAL", 4 + (2 * count));
        connection.WriteArgument(RegistryScripts.Backup);
        connection.WriteArgument(1);
        connection.WriteKey(Keys.Backup(migrationId));
        connection.WriteArgument(TtlMilliseconds());
        var scratch = new BackupEntryCodec.Scratch(stackalloc byte[512]);
        try
        {
            foreach (var write in writes)
            {
                var head = scratch.BeginRecord(write.Key);
                foreach (var set in write.Sets)
                {
                    connection.WriteArgument(scratch.Name(head, set.Name));
                    connection.WriteArgument(scratch.Value(head, set.Old));
                }
                foreach (var removed in write.Removes)
                {
                    connection.WriteArgument(scratch.Name(head, removed.Name));
                    connection.WriteArgument(scratch.Value(head, removed.Old));
                }
            }
        }
        finally
        {
            scratch.Dispose();
        }
        return true;
    }

    public string TtlMilliseconds() =>
        Math.Max(1, (long)Math.Ceiling(options.BackupTtl.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture);
}
