using System.Collections.Concurrent;
using Horreum.Migrations.Lua;
using Horreum.Migrations.Registry;
using Horreum.Orm;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Horreum.Migrations.Engine;

/// <summary>
/// What a migration sees while it runs: the connection, the mapper, the Lua catalog, the registry, counters,
/// and the write guard. In a dry run every read works and every guarded write is only planned.
/// </summary>
public sealed class MigrationContext
{
    private readonly ConcurrentDictionary<string, long> _stats = new(StringComparer.Ordinal);
    private readonly List<string> _plannedWrites = [];
    private readonly List<RecordError> _errors = [];
    // One entry per failing record (a 64-bit hash of its key): a record is counted once however many of its fields fail.
    private readonly HashSet<ulong> _failedRecords = [];
    private readonly Dictionary<(string Model, string Field, string Kind), MigrationFinding> _findings = [];
    private readonly int _errorListLimit;
    private long _scanned;
    private long _scannedBefore;
    private long _needed;
    private long _modified;
    private long _fields;
    private long _errorCount;
    private string? _checksum;

    internal MigrationContext(Migration migration, HorreumClient client, RedisMigrationRegistry registry, LuaCatalog lua, bool dryRun, ILogger logger, int errorListLimit, ScanSettings? scanSettings = null)
    {
        ScanSettings = scanSettings ?? ScanSettings.None;
        Migration = migration;
        Client = client;
        Stores = registry;
        Lua = lua;
        DryRun = dryRun;
        Logger = logger;
        _errorListLimit = errorListLimit;
    }

    /// <summary>The migration being run.</summary>
    public Migration Migration { get; }

    /// <summary>True in a dry run: guarded writes are planned, never sent.</summary>
    public bool DryRun { get; }

    /// <summary>
    /// Dry run only: dependencies of this migration are pending in the same run, so the data they would change is
    /// not changed yet. Records are then read leniently (v1 values accepted) and the preview is approximate.
    /// </summary>
    public IReadOnlyList<string> PendingDependencies { get; internal set; } = [];

    /// <summary>How records are decoded: the client's mode, or lenient for a preview before pending dependencies.</summary>
    public Horreum.Orm.Serialization.ReadMode RecordReadMode =>
        PendingDependencies.Count > 0 ? Horreum.Orm.Serialization.ReadMode.Lenient : Client.Options.ReadMode;

    /// <summary>The mapper (repositories, serializer).</summary>
    public HorreumClient Client { get; }

    /// <summary>The database, for reads. Writes go through <see cref="WriteAsync"/>.</summary>
    public IDatabase Database => Client.Database;

    /// <summary>The migration registry, to read.</summary>
    public IMigrationRegistry Registry => Stores;

    /// <summary>The registry's stores (history, backups, checkpoints and journal), which the pass and the runner write through.</summary>
    internal RedisMigrationRegistry Stores { get; }

    /// <summary>
    /// Saves the values fields had before your code changes them, so a rollback restores them (null: the field did
    /// not exist, so the rollback deletes it). Call it before the write; the first backup of a key and field wins.
    /// In a dry run nothing is saved. Model and Pipeline migrations back up the fields they change themselves.
    /// </summary>
    /// <param name="backups">The keys, fields and old values.</param>
    /// <param name="cancellationToken">Checked before writing.</param>
    /// <returns>How many were saved (0 in a dry run).</returns>
    public Task<long> BackupFieldsAsync(IEnumerable<FieldBackup> backups, CancellationToken cancellationToken = default) =>
        DryRun ? Task.FromResult(0L) : Stores.Backups.BackupFieldsAsync(Migration.Id, backups, cancellationToken);

    /// <summary>The Lua script catalog.</summary>
    public LuaCatalog Lua { get; }

    /// <summary>Logger of the run.</summary>
    public ILogger Logger { get; }

    /// <summary>Records read.</summary>
    public long Scanned => Interlocked.Read(ref _scanned);

    /// <summary>Records read by this run alone (a resumed run's <see cref="Scanned"/> includes the interrupted run's).</summary>
    public long ProcessedThisRun => Scanned - _scannedBefore;

    /// <summary>Records that need (or in a dry run would need) a change.</summary>
    public long Needed => Interlocked.Read(ref _needed);

    /// <summary>Records changed (in a dry run: that would be changed).</summary>
    public long Modified => Interlocked.Read(ref _modified);

    /// <summary>Fields changed (in a dry run: that would be changed).</summary>
    public long FieldsChanged => Interlocked.Read(ref _fields);

    /// <summary>Records that failed so far (each counted once, however many of its fields failed).</summary>
    public long ErrorCount => Interlocked.Read(ref _errorCount);

    /// <summary>The first record errors, with their keys.</summary>
    public IReadOnlyList<RecordError> Errors
    {
        get
        {
            lock (_errors)
            {
                return _errors.ToArray();
            }
        }
    }

    /// <summary>Named counters.</summary>
    public IReadOnlyDictionary<string, long> Stats => _stats;

    /// <summary>What a dry run would have written (descriptions given to <see cref="WriteAsync"/>).</summary>
    public IReadOnlyList<string> PlannedWrites
    {
        get
        {
            lock (_plannedWrites)
            {
                return _plannedWrites.ToArray();
            }
        }
    }

    /// <summary>The checkpoint this run resumed from; null for a fresh start.</summary>
    public MigrationCheckpoint? ResumedFrom { get; private set; }

    internal ScanSettings ScanSettings { get; }

    /// <summary>Where the resumed scan starts ("0" after a server restart).</summary>
    internal string ResumeCursor { get; private set; } = "0";

    /// <summary>The scan in progress (Model and Pipeline kinds), once begun.</summary>
    internal ScanSession? Scan { get; private set; }

    /// <summary>Starts the scan: from the resumed checkpoint's cursor, with the total estimated from the instances set.</summary>
    internal async Task<ScanSession> BeginScanAsync<T>(ModelRepository<T> repository, CancellationToken cancellationToken)
        where T : class
    {
        long? estimate = await repository.CountAsync(cancellationToken).ConfigureAwait(false);
        var server = DryRun || ScanSettings.CheckpointEvery == 0 ? null : await ServerIdentity.GetRunIdAsync(Client, Logger, cancellationToken).ConfigureAwait(false);
        Scan = new ScanSession(this, ScanSettings, ResumedFrom, estimate > 0 ? estimate : null, server);
        return Scan;
    }

    /// <summary>Continues from an interrupted run: its counts, plus every change its journal lists, counted once.</summary>
    /// <param name="checkpoint">The checkpoint.</param>
    /// <param name="rescan">
    /// The server restarted since: the cursor is void, so the scan starts over. Records changed so far are kept (a
    /// rescan finds them done and does not count them again); reads and errors are counted afresh by the rescan.
    /// </param>
    internal void RestoreFrom(MigrationCheckpoint checkpoint, bool rescan)
    {
        ResumedFrom = checkpoint;
        if (rescan)
        {
            checkpoint = checkpoint with { Cursor = "0", Scanned = 0, Errors = 0 };
            ResumeCursor = "0";
        }
        else
        {
            ResumeCursor = checkpoint.Cursor;
        }
        _scanned = checkpoint.Scanned;
        _scannedBefore = checkpoint.Scanned;
        _needed = checkpoint.Modified + checkpoint.Journal.Count;
        _modified = checkpoint.Modified + checkpoint.Journal.Count;
        _fields = checkpoint.FieldsChanged + checkpoint.Journal.Values.Sum();
        _errorCount = checkpoint.Errors;
        foreach (var (name, value) in checkpoint.Stats)
        {
            _stats[name] = value;
        }
    }

    /// <summary>The counts so far, as a checkpoint at <paramref name="cursor"/>.</summary>
    internal MigrationCheckpoint Checkpoint(string cursor, string? runId, string? serverRunId) => new()
    {
        ServerRunId = serverRunId,
        Cursor = cursor,
        Scanned = Scanned,
        Modified = Modified,
        FieldsChanged = FieldsChanged,
        Errors = ErrorCount,
        Stats = new Dictionary<string, long>(_stats, StringComparer.Ordinal),
        // Computed once a run: it reads the migration's IL, and a checkpoint is saved every few thousand records.
        Checksum = _checksum ??= Migration.ComputeChecksum(),
        RunId = runId,
        SavedAt = DateTime.UtcNow,
    };

    /// <summary>Adds <paramref name="by"/> to the named counter.</summary>
    public void TrackStat(string name, long by = 1) => _stats.AddOrUpdate(name, static (_, by) => by, static (_, v, by) => v + by, by);

    /// <summary>
    /// The write guard: runs <paramref name="write"/> only in a real run. In a dry run the description is kept
    /// as part of the preview and nothing is sent.
    /// </summary>
    /// <param name="description">What the write does, e.g. <c>HSET customer:1:object email</c>.</param>
    /// <param name="write">The write.</param>
    /// <param name="cancellationToken">Cancels before the write is sent.</param>
    /// <returns>Whether the write was sent (false in a dry run).</returns>
    public async Task<bool> WriteAsync(string description, Func<IDatabase, Task> write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        cancellationToken.ThrowIfCancellationRequested();
        if (DryRun)
        {
            lock (_plannedWrites)
            {
                if (_plannedWrites.Count < 1000)
                {
                    _plannedWrites.Add(description);
                }
            }
            return false;
        }
        await write(Database).ConfigureAwait(false);
        return true;
    }

    /// <summary>Counts records read.</summary>
    public void CountScanned(long n = 1) => Interlocked.Add(ref _scanned, n);

    /// <summary>Counts a record that needs a change of <paramref name="fields"/> fields (planned in a dry run, done in a real run).</summary>
    public void CountChange(long fields)
    {
        Interlocked.Increment(ref _needed);
        Interlocked.Increment(ref _modified);
        Interlocked.Add(ref _fields, fields);
    }

    /// <summary>Counts a page's changes at once (<paramref name="records"/> records, <paramref name="fields"/> fields in all).</summary>
    internal void CountChanges(long records, long fields)
    {
        Interlocked.Add(ref _needed, records);
        Interlocked.Add(ref _modified, records);
        Interlocked.Add(ref _fields, fields);
    }

    /// <summary>Takes back a <see cref="CountChange"/> whose write Redis refused (the record is then a record error).</summary>
    internal void UncountChange(long fields)
    {
        Interlocked.Decrement(ref _needed);
        Interlocked.Decrement(ref _modified);
        Interlocked.Add(ref _fields, -fields);
    }

    /// <summary>The client carrying the migration's bulk reads and writes (<c>resp</c> or <c>se-batch</c>), once known.</summary>
    public string? Transport { get; internal set; }

    /// <summary>Values reported without failing, per model, field and kind (see <see cref="ReportFinding"/>).</summary>
    public IReadOnlyList<MigrationFinding> Findings
    {
        get
        {
            lock (_findings)
            {
                return _findings.Values.OrderBy(f => f.Model, StringComparer.Ordinal).ThenBy(f => f.Field, StringComparer.Ordinal).ThenBy(f => f.Kind, StringComparer.Ordinal).ToArray();
            }
        }
    }

    /// <summary>
    /// Reports a value worth a look that is not an error (the record is not failed): counted per model, field and
    /// kind, with the first three keys, and listed by the dry run and the run.
    /// </summary>
    public void ReportFinding(string model, string field, string kind, string key, string detail)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(key);
        lock (_findings)
        {
            var at = (model, field, kind);
            var found = _findings.TryGetValue(at, out var existing) ? existing : new MigrationFinding(model, field, kind, 0, [], detail ?? "");
            var keys = found.ExampleKeys.Count < 3 ? [.. found.ExampleKeys, key] : found.ExampleKeys;
            _findings[at] = found with { Count = found.Count + 1, ExampleKeys = keys };
        }
    }

    /// <summary>
    /// Records a per-record error (isolated: the run goes on with the next record). A record is counted once: a
    /// further error for the same key is added to that record's listed message, not counted again.
    /// </summary>
    public void RecordError(string key, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(exception);
        lock (_errors)
        {
            if (_failedRecords.Add(System.IO.Hashing.XxHash3.HashToUInt64(System.Text.Encoding.UTF8.GetBytes(key))))
            {
                Interlocked.Increment(ref _errorCount);
                if (_errors.Count < _errorListLimit)
                {
                    _errors.Add(new RecordError(key, exception.GetType().Name, exception.Message));
                }
            }
            else if (_errors.FindIndex(e => e.Key == key) is var listed and >= 0)
            {
                _errors[listed] = _errors[listed] with { Message = _errors[listed].Message + " | " + exception.Message };
            }
        }
        Logger.LogWarning("Migration {Id}: record {Key} failed: {Message}", Migration.Id, key, exception.Message);
    }
}
