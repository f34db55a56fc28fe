using System.Text.Json;
using Horreum.Migrations.Engine;
using Horreum.Migrations.Lua;
using StackExchange.Redis;

namespace Horreum.Migrations.Registry;

/// <summary>
/// The registry's record of what happened to each migration: the done set, the metadata hash and the capped
/// history list, written together by one script per event (<see cref="RegistryScripts.Record"/>), and the
/// checksum repair. The runner writes through it; users read it through <see cref="IMigrationRegistry"/>.
/// </summary>
internal sealed class HistoryStore(IDatabase db, RegistryKeys keys, LuaCatalog scripts, MigrationRegistryOptions options, TimeProvider time)
{
    private readonly IDatabase _db = db;
    private readonly LuaCatalog _scripts = scripts;
    private readonly MigrationRegistryOptions _options = options;
    private readonly TimeProvider _time = time;

    private RegistryKeys Keys => keys;

    /// <summary>See <see cref="IMigrationRegistry"/> (reads) and docs/migration-registry.md (writes).</summary>
    public Task<MigrationRecord> RecordAppliedAsync(string migrationId, MigrationRunSummary summary, CancellationToken cancellationToken = default) =>
        RecordAsync(migrationId, MigrationState.Applied, null, summary, cancellationToken);

    /// <summary>See <see cref="IMigrationRegistry"/> (reads) and docs/migration-registry.md (writes).</summary>
    public Task<MigrationRecord> RecordNotApplicableAsync(string migrationId, string reason, MigrationRunSummary summary, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return RecordAsync(migrationId, MigrationState.NotApplicable, reason, summary, cancellationToken);
    }

    /// <summary>See <see cref="IMigrationRegistry"/> (reads) and docs/migration-registry.md (writes).</summary>
    public Task<MigrationRecord> RecordFailedAsync(string migrationId, string errorMessage, MigrationRunSummary summary, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(errorMessage);
        return RecordAsync(migrationId, MigrationState.Failed, errorMessage, summary, cancellationToken);
    }

    /// <summary>See <see cref="IMigrationRegistry"/> (reads) and docs/migration-registry.md (writes).</summary>
    public Task<MigrationRecord> RecordRolledBackAsync(string migrationId, MigrationRunSummary summary, CancellationToken cancellationToken = default) =>
        RecordAsync(migrationId, MigrationState.RolledBack, null, summary, cancellationToken);

    /// <summary>See <see cref="IMigrationRegistry"/> (reads) and docs/migration-registry.md (writes).</summary>
    public async Task<MigrationRecord?> GetAsync(string migrationId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(migrationId);
        cancellationToken.ThrowIfCancellationRequested();
        var json = await _db.HashGetAsync(Keys.Metadata, migrationId).ConfigureAwait(false);
        return json.IsNull ? null : RegistryJson.Deserialize<MigrationRecord>(json, migrationId, Keys.Prefix);
    }

    /// <summary>See <see cref="IMigrationRegistry"/> (reads) and docs/migration-registry.md (writes).</summary>
    public async Task<IReadOnlyList<MigrationRecord>> ListAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var entries = await _db.HashGetAllAsync(Keys.Metadata).ConfigureAwait(false);
        return entries
            .Select(e => RegistryJson.Deserialize<MigrationRecord>(e.Value, (string?)e.Name ?? "", Keys.Prefix))
            .OrderBy(r => r.Id, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>See <see cref="IMigrationRegistry"/> (reads) and docs/migration-registry.md (writes).</summary>
    public async Task<IReadOnlyList<string>> GetDoneIdsAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var ids = await _db.SortedSetRangeByRankAsync(Keys.Applied).ConfigureAwait(false);
        return ids.Select(v => (string)v!).ToList();
    }

    /// <summary>See <see cref="IMigrationRegistry"/> (reads) and docs/migration-registry.md (writes).</summary>
    public async Task<IReadOnlyList<RegistryEvent>> GetHistoryAsync(int count = 100, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        cancellationToken.ThrowIfCancellationRequested();
        var items = await _db.ListRangeAsync(Keys.History, -count, -1).ConfigureAwait(false);
        return items.Select(i => RegistryJson.Deserialize<RegistryEvent>(i, "history", Keys.Prefix)).ToList();
    }

    /// <summary>See <see cref="IMigrationRegistry"/> (reads) and docs/migration-registry.md (writes).</summary>
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
            var record = RegistryJson.Deserialize<MigrationRecord>(read[i], ids[i], Keys.Prefix);
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

    private async Task<MigrationRecord> RecordAsync(string migrationId, MigrationState status, string? detail, MigrationRunSummary summary, CancellationToken cancellationToken)
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
            Reason = status == MigrationState.NotApplicable ? detail : null,
            Error = status == MigrationState.Failed ? detail : null,
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
}
