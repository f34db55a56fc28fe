using System.Globalization;
using System.Text.Json;
using Horreum.Migrations.Lua;
using StackExchange.Redis;

namespace Horreum.Migrations.Registry;

/// <summary>
/// The migration registry in Redis. Layout (all keys under the hash tag <c>{prefix}</c>, see <see cref="RegistryKeys"/>):
/// done set (sorted set, id scored by epoch ms), metadata hash (id to JSON), capped history list (JSON events),
/// and one backup hash per migration, with a TTL.
/// </summary>
public sealed class RedisMigrationRegistry : IMigrationRegistry
{
    private readonly IDatabase _db;
    private readonly MigrationRegistryOptions _options;
    private readonly TimeProvider _time;
    private const string CheckpointStateField = "state";
    private readonly LuaCatalog _scripts = new();

    /// <summary>Creates a registry over a database.</summary>
    /// <param name="database">The Redis database.</param>
    /// <param name="options">Settings; defaults when null. Validated here.</param>
    /// <param name="timeProvider">Clock for recorded times; the system clock when null.</param>
    public RedisMigrationRegistry(IDatabase database, MigrationRegistryOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        _db = database;
        _options = options ?? new MigrationRegistryOptions();
        _options.Validate();
        _time = timeProvider ?? TimeProvider.System;
        Keys = new RegistryKeys(_options.Prefix);
        _scripts.Register(RegistryScripts.RecordName, RegistryScripts.Record);
        _scripts.Register(RegistryScripts.BackupName, RegistryScripts.Backup);
        _scripts.Register(RegistryScripts.CheckpointName, RegistryScripts.Checkpoint);
        _scripts.Register(RegistryScripts.RestampName, RegistryScripts.Restamp);
    }

    /// <inheritdoc />
    public RegistryKeys Keys { get; }

    /// <inheritdoc />
    public Task<MigrationRecord> RecordAppliedAsync(string migrationId, MigrationRunSummary summary, CancellationToken cancellationToken = default) =>
        RecordAsync(migrationId, MigrationStatus.Applied, null, summary, cancellationToken);

    /// <inheritdoc />
    public Task<MigrationRecord> RecordNotApplicableAsync(string migrationId, string reason, MigrationRunSummary summary, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return RecordAsync(migrationId, MigrationStatus.NotApplicable, reason, summary, cancellationToken);
    }

    /// <inheritdoc />
    public Task<MigrationRecord> RecordFailedAsync(string migrationId, string errorMessage, MigrationRunSummary summary, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(errorMessage);
        return RecordAsync(migrationId, MigrationStatus.Failed, errorMessage, summary, cancellationToken);
    }

    /// <inheritdoc />
    public Task<MigrationRecord> RecordRolledBackAsync(string migrationId, MigrationRunSummary summary, CancellationToken cancellationToken = default) =>
        RecordAsync(migrationId, MigrationStatus.RolledBack, null, summary, cancellationToken);

    /// <inheritdoc />
    public async Task<MigrationRecord?> GetAsync(string migrationId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(migrationId);
        cancellationToken.ThrowIfCancellationRequested();
        var json = await _db.HashGetAsync(Keys.Metadata, migrationId).ConfigureAwait(false);
        return json.IsNull ? null : Deserialize<MigrationRecord>(json, migrationId);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<MigrationRecord>> ListAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var entries = await _db.HashGetAllAsync(Keys.Metadata).ConfigureAwait(false);
        return entries
            .Select(e => Deserialize<MigrationRecord>(e.Value, (string?)e.Name ?? ""))
            .OrderBy(r => r.Id, StringComparer.Ordinal)
            .ToList();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> GetDoneIdsAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var ids = await _db.SortedSetRangeByRankAsync(Keys.Applied).ConfigureAwait(false);
        return ids.Select(v => (string)v!).ToList();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<RegistryEvent>> GetHistoryAsync(int count = 100, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        cancellationToken.ThrowIfCancellationRequested();
        var items = await _db.ListRangeAsync(Keys.History, -count, -1).ConfigureAwait(false);
        return items.Select(i => Deserialize<RegistryEvent>(i, "history")).ToList();
    }

    /// <inheritdoc />
    public async Task<bool> BackupFieldAsync(string migrationId, FieldBackup backup, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(backup);
        return await BackupFieldsAsync(migrationId, [backup], cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
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

    /// <inheritdoc />
    public async Task<IReadOnlyList<FieldBackup>> ListBackupsAsync(string migrationId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(migrationId);
        cancellationToken.ThrowIfCancellationRequested();
        var entries = await _db.HashGetAllAsync(Keys.Backup(migrationId)).ConfigureAwait(false);
        return entries.Select(e => BackupEntryCodec.Decode(e.Name, e.Value))
            .OrderBy(b => b.Key, StringComparer.Ordinal).ThenBy(b => b.Field, StringComparer.Ordinal)
            .ToList();
    }

    /// <inheritdoc />
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

    /// <inheritdoc />
    public async Task<bool> DeleteBackupsAsync(string migrationId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(migrationId);
        cancellationToken.ThrowIfCancellationRequested();
        return await _db.KeyDeleteAsync(Keys.Backup(migrationId)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<MigrationCheckpoint?> GetCheckpointAsync(string migrationId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(migrationId);
        cancellationToken.ThrowIfCancellationRequested();
        var entries = await _db.HashGetAllAsync(Keys.Checkpoint(migrationId)).ConfigureAwait(false);
        if (entries.Length == 0)
        {
            return null;
        }
        MigrationCheckpoint? state = null;
        var journal = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var name = (string)entry.Name!;
            if (name == CheckpointStateField)
            {
                state = Deserialize<MigrationCheckpoint>(entry.Value, "checkpoint:" + migrationId);
            }
            else if (name.StartsWith(JournalCodec.PageFieldPrefix, StringComparison.Ordinal))
            {
                foreach (var (key, fields) in JournalCodec.Decode((byte[])entry.Value!))
                {
                    journal[key] = fields;
                }
            }
            else if (name.StartsWith(JournalCodec.RecordFieldPrefix, StringComparison.Ordinal))
            {
                // Written by versions before page entries.
                journal[name[JournalCodec.RecordFieldPrefix.Length..]] = (long)entry.Value;
            }
        }
        // Only a journal: the run was killed before its first checkpoint; it resumes from the start.
        return (state ?? new MigrationCheckpoint()) with { Journal = journal };
    }

    /// <inheritdoc />
    public async Task SaveCheckpointAsync(string migrationId, MigrationCheckpoint checkpoint, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(migrationId);
        ArgumentNullException.ThrowIfNull(checkpoint);
        var json = JsonSerializer.Serialize(checkpoint, RegistryJson.Options);
        await _scripts.EvaluateAsync(_db, RegistryScripts.CheckpointName, [Keys.Checkpoint(migrationId)], [json], cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task JournalChangesAsync(string migrationId, IReadOnlyCollection<KeyValuePair<string, long>> changes, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(migrationId);
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.Count == 0)
        {
            return;
        }
        cancellationToken.ThrowIfCancellationRequested();
        await _db.HashSetAsync(Keys.Checkpoint(migrationId), JournalCodec.NewPageField(), JournalCodec.Encode(changes)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<bool> DeleteCheckpointAsync(string migrationId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(migrationId);
        cancellationToken.ThrowIfCancellationRequested();
        return await _db.KeyDeleteAsync(Keys.Checkpoint(migrationId)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ChecksumRepair>> RestampChecksumsAsync(IReadOnlyDictionary<string, string> checksums, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checksums);
        cancellationToken.ThrowIfCancellationRequested();
        var ids = checksums.Keys.Order(StringComparer.Ordinal).ToArray();
        if (ids.Length == 0)
        {
            return [];
        }
        var read = await _db.HashGetAsync(Keys.Metadata, ids.Select(i => (RedisValue)i).ToArray()).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        var args = new List<RedisValue> { _options.HistoryLimit };
        var repairs = new List<ChecksumRepair>();
        for (var i = 0; i < ids.Length; i++)
        {
            if (read[i].IsNull)
            {
                throw new MigrationPreconditionFailedException($"Cannot repair {ids[i]}: the registry has no entry for it under '{Keys.Prefix}'.");
            }
            var record = Deserialize<MigrationRecord>(read[i], ids[i]);
            var checksum = checksums[ids[i]];
            if (record.Checksum == checksum)
            {
                continue;
            }
            var detail = $"repair: checksum {record.Checksum ?? "(none)"} -> {checksum}";
            var historyEvent = new RegistryEvent(now.UtcDateTime, ids[i], record.Status, 0, detail, _options.Host);
            args.Add(ids[i]);
            args.Add(read[i]);
            args.Add(JsonSerializer.Serialize(record with { Checksum = checksum }, RegistryJson.Options));
            args.Add(JsonSerializer.Serialize(historyEvent, RegistryJson.Options));
            repairs.Add(new ChecksumRepair(ids[i], record.Checksum, checksum));
        }
        if (repairs.Count > 0)
        {
            await _scripts.EvaluateAsync(_db, RegistryScripts.RestampName, [Keys.Metadata, Keys.History], [.. args], cancellationToken).ConfigureAwait(false);
        }
        return repairs;
    }

    private async Task<MigrationRecord> RecordAsync(string migrationId, MigrationStatus status, string? detail, MigrationRunSummary summary, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(migrationId);
        ArgumentNullException.ThrowIfNull(summary);
        if (summary.Duration < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(summary), summary.Duration, "The duration cannot be negative.");
        }
        var now = _time.GetUtcNow();
        var record = new MigrationRecord
        {
            Id = migrationId,
            Status = status,
            Reason = status == MigrationStatus.NotApplicable ? detail : null,
            Error = status == MigrationStatus.Failed ? detail : null,
            AppliedAt = now.UtcDateTime,
            DurationMs = summary.Duration.TotalMilliseconds,
            Scanned = summary.Scanned,
            ProcessedThisRun = summary.ProcessedThisRun,
            Modified = summary.Modified,
            Errors = summary.Errors,
            Reversible = summary.Reversible,
            Checksum = summary.Checksum,
            Host = _options.Host,
            AppVersion = _options.AppVersion,
            Stats = summary.Stats is null ? new Dictionary<string, long>() : new Dictionary<string, long>(summary.Stats, StringComparer.Ordinal),
        };
        var historyEvent = new RegistryEvent(record.AppliedAt, migrationId, status, record.DurationMs, detail, _options.Host, summary.ProcessedThisRun);

        var written = await _scripts.EvaluateAsync(
            _db,
            RegistryScripts.RecordName,
            [Keys.Applied, Keys.Metadata, Keys.History, Keys.Checkpoint(migrationId)],
            [
                migrationId,
                RegistryJson.StatusName(status),
                JsonSerializer.Serialize(record, RegistryJson.Options),
                now.ToUnixTimeMilliseconds(),
                JsonSerializer.Serialize(historyEvent, RegistryJson.Options),
                _options.HistoryLimit,
            ],
            cancellationToken).ConfigureAwait(false);
        if ((long)written == 0)
        {
            throw new MigrationNotAppliedException(migrationId);
        }
        return record;
    }

    /// <summary>Whether this registry lives in <paramref name="database"/> (same connection and database number).</summary>
    internal bool LivesIn(IDatabase database) =>
        ReferenceEquals(database.Multiplexer, _db.Multiplexer) && database.Database == _db.Database;

    /// <summary>
    /// Queues on a RESP connection what <see cref="JournalChangesAsync"/> sends (one page field in the checkpoint hash):
    /// the bulk engine puts it on the same connection as, and before, the data writes it journals.
    /// </summary>
    internal void QueueJournal(Horreum.Orm.Transport.RespConnection connection, string migrationId, IReadOnlyList<KeyValuePair<string, long>> changes) =>
        QueueJournal(connection, migrationId, JournalCodec.Encode(changes));

    /// <summary>Queues one page's journal entry, already encoded (<see cref="JournalCodec"/>).</summary>
    internal void QueueJournal(Horreum.Orm.Transport.RespConnection connection, string migrationId, ReadOnlySpan<byte> page)
    {
        connection.BeginCommand("HSET", 3);
        connection.WriteKey(Keys.Checkpoint(migrationId));
        connection.WriteArgument(JournalCodec.NewPageField());
        connection.WriteArgument(page);
    }

    /// <summary>The backup script, its key and TTL argument, for callers that write the EVAL themselves.</summary>
    internal (string Script, string Key, string TtlMilliseconds) BackupCommand(string migrationId) =>
        (RegistryScripts.Backup, Keys.Backup(migrationId), TtlMilliseconds());

    /// <summary>Queues on a RESP connection what <see cref="BackupFieldsAsync"/> sends (the backup script, by EVAL).</summary>
    internal void QueueBackups(Horreum.Orm.Transport.RespConnection connection, string migrationId, IReadOnlyList<FieldBackup> backups)
    {
        connection.BeginCommand("EVAL", 4 + (2 * backups.Count));
        connection.WriteArgument(RegistryScripts.Backup);
        connection.WriteArgument(1);
        connection.WriteKey(Keys.Backup(migrationId));
        connection.WriteArgument(TtlMilliseconds());
        foreach (var b in backups)
        {
            connection.WriteArgument((byte[])BackupEntryCodec.EncodeName(b.Key, b.Field)!);
            connection.WriteArgument((byte[])BackupEntryCodec.EncodeValue(b.OldValue)!);
        }
    }

    private string TtlMilliseconds() =>
        Math.Max(1, (long)Math.Ceiling(_options.BackupTtl.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture);

    private T Deserialize<T>(RedisValue json, string what)
    {
        try
        {
            return JsonSerializer.Deserialize<T>((string)json!, RegistryJson.Options)
                ?? throw new JsonException("null");
        }
        catch (JsonException ex)
        {
            throw new HorreumMigrationException(
                $"The registry entry '{what}' under '{Keys.Prefix}' is not valid registry JSON ({ex.Message}); "
                + $"it starts with: {Preview(json)}. Fix or delete that entry (`horreum repair` re-stamps applied migrations).", ex);
        }
    }

    private static string Preview(RedisValue json)
    {
        var s = (string?)json ?? "";
        return s.Length <= 80 ? s : s[..80] + "...";
    }
}
