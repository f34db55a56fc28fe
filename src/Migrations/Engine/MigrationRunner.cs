using System.Diagnostics;
using Horreum.Migrations.Locking;
using Horreum.Migrations.Lua;
using Horreum.Migrations.Planning;
using Horreum.Migrations.Registry;
using Horreum.Orm;
using Microsoft.Extensions.Logging;

namespace Horreum.Migrations.Engine;

/// <summary>
/// Plans, runs and rolls back migrations against one Redis, keeping the registry in Redis. The order is
/// topological with ties broken by id, so it never depends on how the migrations were loaded. Expected outcomes
/// (a failed migration, a dry run) are returned as values; misuse (an unknown id) throws.
/// </summary>
public sealed class MigrationRunner
{
    private readonly HorreumClient _client;
    private readonly MigrationRunnerOptions _options;
    private readonly MigrationPlan<Migration> _plan;
    private readonly Dictionary<string, Migration> _byId;
    private readonly RedisMigrationRegistry _registry;

    /// <summary>Creates a runner over <paramref name="migrations"/>.</summary>
    public MigrationRunner(HorreumClient client, IEnumerable<Migration> migrations, MigrationRunnerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(migrations);
        _client = client;
        _options = options ?? new MigrationRunnerOptions();
        _options.Validate();
        var list = migrations.ToArray();
        _plan = MigrationOrderer.Order(list, m => m.Describe());
        _byId = list.GroupBy(m => m.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        _registry = new RedisMigrationRegistry(client.Database, _options.Registry);
        Lua = new LuaCatalog();
    }

    /// <summary>The registry in Redis, to read (the runner writes it through its stores).</summary>
    public IMigrationRegistry Registry => _registry;

    /// <summary>The Lua catalog migrations use.</summary>
    public LuaCatalog Lua { get; }

    /// <summary>The migrations in run order (empty when the set is invalid: see <see cref="ValidateAsync"/>).</summary>
    public IReadOnlyList<Migration> Ordered => _plan.Ordered;

    private ILogger Logger => _options.Logger;

    /// <summary>
    /// Everything wrong with the migration set and the registry: malformed or duplicate ids, missing dependencies,
    /// cycles (self-reference included), applied migrations whose code changed or is gone.
    /// </summary>
    public async Task<IReadOnlyList<MigrationProblem>> ValidateAsync(CancellationToken cancellationToken = default)
    {
        var problems = new List<MigrationProblem>(_plan.Problems);
        foreach (var entry in await StatusAsync(cancellationToken).ConfigureAwait(false))
        {
            if (entry.CodeMissing && entry.State is MigrationState.Applied or MigrationState.NotApplicable)
            {
                problems.Add(new MigrationProblem(MigrationProblemKind.CodeMissing, entry.Id, [],
                    $"{entry.Id} is recorded as {entry.Record!.Status} but no loaded migration has that id (deleted or renamed?). Restore it, or load the assembly that has it."));
            }
            else if (entry.ChecksumChanged)
            {
                problems.Add(new MigrationProblem(MigrationProblemKind.ChecksumChanged, entry.Id, [],
                    $"{entry.Id} changed since it was applied (checksum {entry.Record!.Checksum} → {_byId[entry.Id].ComputeChecksum()}). Revert the edit, or run `horreum repair` to accept it."));
            }
        }
        return problems;
    }

    /// <summary>Each known migration with its state, in run order, then registry entries whose code is gone.</summary>
    public async Task<IReadOnlyList<MigrationStatusEntry>> StatusAsync(CancellationToken cancellationToken = default)
    {
        var records = (await Registry.ListAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(r => r.Id, StringComparer.Ordinal);
        var ordered = _plan.IsValid ? _plan.Ordered : _byId.Values.OrderBy(m => m.Id, StringComparer.Ordinal).ToArray();
        var result = new List<MigrationStatusEntry>();
        foreach (var m in ordered)
        {
            records.TryGetValue(m.Id, out var record);
            var state = StateOf(record);
            // A checksum of the older, token-based kind cannot be compared (it moved with unrelated edits); repair re-stamps it.
            var changed = state is MigrationState.Applied or MigrationState.NotApplicable
                && record is not null && Discovery.CodeChecksum.IsCurrent(record.Checksum) && record.Checksum != m.ComputeChecksum();
            result.Add(new MigrationStatusEntry(m.Id, m.Description, state, record, CodeMissing: false, changed));
        }
        foreach (var record in records.Values.Where(r => !_byId.ContainsKey(r.Id)).OrderBy(r => r.Id, StringComparer.Ordinal))
        {
            result.Add(new MigrationStatusEntry(record.Id, "", StateOf(record), record, CodeMissing: true, ChecksumChanged: false));
        }
        return result;
    }

    /// <summary>
    /// Runs pending migrations in order (a dry run unless <see cref="MigrationRunOptions.DryRun"/> is false),
    /// stopping at the first failure. A dry run treats dependencies pending in the same run as satisfied.
    /// </summary>
    /// <exception cref="MigrationValidationException">The migration set is invalid (see <see cref="ValidateAsync"/>).</exception>
    /// <exception cref="MigrationNotFoundException"><see cref="MigrationRunOptions.Only"/> names no loaded migration.</exception>
    /// <remarks>
    /// A real run holds the runner lock for its whole length (see <see cref="MigrationRunnerOptions.Lock"/>) and reads
    /// the pending list only after taking it, so two runners never apply the same migration. A dry run writes nothing,
    /// so it takes no lock. An interrupted Model or Pipeline migration resumes from its checkpoint.
    /// </remarks>
    /// <exception cref="MigrationLockNotAcquiredException">A real run could not take the lock in time.</exception>
    /// <exception cref="MigrationLockLostException">The lock was lost mid-run (the run stopped; run again to resume).</exception>
    public async Task<MigrationRunResult> RunAsync(MigrationRunOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new MigrationRunOptions();
        var ordered = _plan.ThrowIfInvalid();
        if (options.Only is not null && !_byId.ContainsKey(options.Only))
        {
            throw new MigrationNotFoundException(options.Only);
        }
        if (options.MaxRecordsPerSecond is <= 0)
        {
            throw new ArgumentException($"MaxRecordsPerSecond must be positive when set, not {options.MaxRecordsPerSecond}.", nameof(options));
        }
        if (options.DryRun)
        {
            return await RunCoreAsync(ordered, options, null, cancellationToken).ConfigureAwait(false);
        }
        var runLock = await AcquireLockAsync("run", options.LockWaitTimeout, cancellationToken).ConfigureAwait(false);
        await using (runLock.ConfigureAwait(false))
        {
            return await RunUnderLockAsync(ordered, runLock, options, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Runs pending migrations for real under a lock the caller already holds (from <see cref="AcquireLockAsync"/>),
    /// e.g. to answer "busy, held by ..." at once and then run in the background. The caller keeps ownership of
    /// <paramref name="heldLock"/> and disposes it afterwards; the pending list is read after the lock was taken.
    /// </summary>
    /// <param name="heldLock">The runner lock, acquired by this runner and not yet released.</param>
    /// <param name="options">What to run; <see cref="MigrationRunOptions.DryRun"/> must be false (a dry run takes no lock).</param>
    /// <param name="cancellationToken">Stops the run between pages (it resumes from its checkpoint next time).</param>
    /// <exception cref="ArgumentException">The options ask for a dry run, or the lock was released or lost.</exception>
    /// <exception cref="MigrationLockLostException">The lock was lost mid-run.</exception>
    public Task<MigrationRunResult> RunAsync(MigrationLock heldLock, MigrationRunOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(heldLock);
        ArgumentNullException.ThrowIfNull(options);
        if (options.DryRun)
        {
            throw new ArgumentException("A run under a held lock is a real run: set DryRun = false (a dry run needs no lock).", nameof(options));
        }
        if (heldLock.IsLost || heldLock.Key != Registry.Keys.Lock)
        {
            throw new ArgumentException($"The lock '{heldLock.Key}' is not this runner's live lock '{Registry.Keys.Lock}'.", nameof(heldLock));
        }
        var ordered = _plan.ThrowIfInvalid();
        if (options.Only is not null && !_byId.ContainsKey(options.Only))
        {
            throw new MigrationNotFoundException(options.Only);
        }
        if (options.MaxRecordsPerSecond is <= 0)
        {
            throw new ArgumentException($"MaxRecordsPerSecond must be positive when set, not {options.MaxRecordsPerSecond}.", nameof(options));
        }
        return RunUnderLockAsync(ordered, heldLock, options, cancellationToken);
    }

    private async Task<MigrationRunResult> RunUnderLockAsync(IReadOnlyList<Migration> ordered, MigrationLock runLock, MigrationRunOptions options, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, runLock.LostToken);
        try
        {
            var result = await RunCoreAsync(ordered, options, runLock, linked.Token).ConfigureAwait(false);
            return result with { LockTakenOverFrom = runLock.TakenOverFrom };
        }
        catch (OperationCanceledException ex) when (runLock.IsLost && !cancellationToken.IsCancellationRequested)
        {
            throw new MigrationLockLostException(runLock.Key, runLock.LostReason ?? "lost", ex);
        }
    }

    /// <summary>
    /// Takes the runner lock (EF Core style: <c>await using var l = await runner.AcquireLockAsync();</c>), for work
    /// that must not overlap a run. <see cref="RunAsync(MigrationRunOptions, CancellationToken)"/> and <see cref="RollbackAsync"/> take it themselves.
    /// </summary>
    /// <param name="operation">What the lock is for, shown to anyone who finds it held.</param>
    /// <param name="waitTimeout">Overrides <see cref="MigrationLockOptions.WaitTimeout"/> when set.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="MigrationLockNotAcquiredException">Another live runner holds it past the wait timeout.</exception>
    public Task<MigrationLock> AcquireLockAsync(string operation = "run", TimeSpan? waitTimeout = null, CancellationToken cancellationToken = default)
    {
        var lockOptions = _options.Lock;
        if (waitTimeout is { } wait)
        {
            lockOptions = new MigrationLockOptions
            {
                Ttl = lockOptions.Ttl,
                HeartbeatInterval = lockOptions.HeartbeatInterval,
                RetryInterval = lockOptions.RetryInterval,
                TakeOverDeadLocalHolder = lockOptions.TakeOverDeadLocalHolder,
                WaitTimeout = wait,
            };
        }
        return MigrationLock.AcquireAsync(_client.Database, Registry.Keys, lockOptions, _options.Registry.Host, operation, Logger, cancellationToken);
    }

    /// <summary>Who holds the runner lock now (null when free), for <c>status</c> and <c>unlock</c>.</summary>
    public Task<MigrationLockHolder?> GetLockHolderAsync(CancellationToken cancellationToken = default) =>
        MigrationLock.GetHolderAsync(_client.Database, Registry.Keys, cancellationToken);

    /// <summary>
    /// Breaks the runner lock whoever holds it (<c>horreum unlock --force</c>) and reports whose it was. A live
    /// holder notices at its next heartbeat and stops its run.
    /// </summary>
    public async Task<ForcedUnlock> ForceUnlockAsync(CancellationToken cancellationToken = default)
    {
        var result = await MigrationLock.ForceReleaseAsync(_client.Database, Registry.Keys, cancellationToken).ConfigureAwait(false);
        if (result.Removed)
        {
            Logger.LogWarning("Forced the migration lock {Key} open; it was held by {Holder}", result.LockKey, (object?)result.Holder ?? result.RawValue);
        }
        return result;
    }

    /// <summary>
    /// Accepts edited migrations (Evolve's <c>repair</c>): re-stamps the recorded checksum of every applied (or not
    /// applicable) migration whose code changed, in one atomic registry write, under the runner lock.
    /// </summary>
    /// <param name="cancellationToken">Cancels the lock wait and the registry write.</param>
    /// <returns>The checksums re-stamped, and recorded ids that have no loaded code (left alone).</returns>
    public async Task<RepairResult> RepairAsync(CancellationToken cancellationToken = default)
    {
        var repairLock = await AcquireLockAsync("repair", null, cancellationToken).ConfigureAwait(false);
        await using (repairLock.ConfigureAwait(false))
        {
            var status = await StatusAsync(cancellationToken).ConfigureAwait(false);
            var changed = status.Where(e => e.ChecksumChanged || (!e.CodeMissing && e.State is MigrationState.Applied or MigrationState.NotApplicable && !Discovery.CodeChecksum.IsCurrent(e.Record?.Checksum)))
                .ToDictionary(e => e.Id, e => _byId[e.Id].ComputeChecksum(), StringComparer.Ordinal);
            var missing = status.Where(e => e.CodeMissing).Select(e => e.Id).ToArray();
            var restamped = await _registry.History.RestampChecksumsAsync(changed, cancellationToken).ConfigureAwait(false);
            foreach (var r in restamped)
            {
                Logger.LogInformation("Repaired {Id}: checksum {Old} -> {New}", r.Id, r.OldChecksum, r.NewChecksum);
            }
            return new RepairResult(restamped, missing);
        }
    }

    private async Task<MigrationRunResult> RunCoreAsync(IReadOnlyList<Migration> ordered, MigrationRunOptions options, MigrationLock? runLock, CancellationToken cancellationToken)
    {
        // Read under the lock: what another runner applied while we waited is no longer pending.
        var done = (await Registry.GetDoneIdsAsync(cancellationToken).ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal);
        IEnumerable<Migration> pending = ordered.Where(m => !done.Contains(m.Id));
        if (options.Only is not null)
        {
            pending = pending.Where(m => m.Id == options.Only);
        }
        if (options.Limit is { } limit)
        {
            pending = pending.Take(Math.Max(0, limit));
        }
        if (runLock?.TakenOverFrom is { } dead)
        {
            Logger.LogWarning("This run took over the lock of a dead runner ({Holder}); its unfinished migration resumes from its checkpoint", dead);
        }

        var satisfied = new HashSet<string>(done, StringComparer.Ordinal);
        var plannedInRun = new HashSet<string>(StringComparer.Ordinal);
        var results = new List<MigrationResult>();
        foreach (var migration in pending.ToArray())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var missing = migration.DependsOn.Where(d => !satisfied.Contains(d)).ToArray();
            MigrationResult result;
            if (missing.Length > 0)
            {
                var error = new MigrationDependencyNotMetException(migration.Id, missing);
                result = new MigrationResult { Id = migration.Id, Description = migration.Description, Outcome = MigrationState.Failed, DryRun = options.DryRun, Error = error.Message };
            }
            else
            {
                if (runLock is not null)
                {
                    await runLock.SetCurrentMigrationAsync(migration.Id, cancellationToken).ConfigureAwait(false);
                }
                var pendingDeps = options.DryRun ? migration.DependsOn.Where(plannedInRun.Contains).ToArray() : [];
                result = await new MigrationExecution(_client, _options, _registry, Lua).RunAsync(migration, options, runLock, pendingDeps, cancellationToken).ConfigureAwait(false);
            }
            results.Add(result);
            if (result.Outcome == MigrationState.Failed)
            {
                break;
            }
            // A dry run assumes what it would apply is applied, so a pending chain A→B previews B too.
            satisfied.Add(migration.Id);
            plannedInRun.Add(migration.Id);
        }
        var run = new MigrationRunResult(options.DryRun, results);
        if (!options.DryRun && run.Succeeded)
        {
            // The models as they are after a successful run: the baseline model drift compares against.
            await new Drift.DriftDetector(_client, this).StoreFingerprintsAsync(Models, cancellationToken).ConfigureAwait(false);
        }
        return run;
    }

    /// <summary>The models this runner fingerprints: those its migrations name, plus <see cref="MigrationRunnerOptions.Models"/>.</summary>
    public IReadOnlyList<Type> Models =>
        Drift.ModelDiscovery.FromMigrations(_byId.Values).Concat(_options.Models).Distinct().OrderBy(t => t.FullName, StringComparer.Ordinal).ToArray();

    /// <summary>
    /// Rolls back an applied migration: runs its <see cref="Migration.DownAsync"/> (for real unless
    /// <paramref name="dryRun"/>), restores its field backups, and records it <c>rolled_back</c>.
    /// </summary>
    /// <exception cref="MigrationNotFoundException">No loaded migration has this id.</exception>
    /// <exception cref="MigrationNotAppliedException">It is not applied.</exception>
    /// <exception cref="MigrationHasDependentsException">Applied migrations depend on it; roll those back first.</exception>
    /// <exception cref="MigrationNotReversibleException">It cannot be undone.</exception>
    /// <exception cref="MigrationLockNotAcquiredException">A real rollback could not take the runner lock in time.</exception>
    public async Task<RollbackResult> RollbackAsync(string id, bool dryRun = true, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (!_byId.TryGetValue(id, out var migration))
        {
            throw new MigrationNotFoundException(id);
        }
        if (dryRun)
        {
            return await RollbackCoreAsync(migration, dryRun, cancellationToken).ConfigureAwait(false);
        }
        var rollbackLock = await AcquireLockAsync("rollback", null, cancellationToken).ConfigureAwait(false);
        await using (rollbackLock.ConfigureAwait(false))
        {
            await rollbackLock.SetCurrentMigrationAsync(id, cancellationToken).ConfigureAwait(false);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, rollbackLock.LostToken);
            try
            {
                return await RollbackCoreAsync(migration, dryRun, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException ex) when (rollbackLock.IsLost && !cancellationToken.IsCancellationRequested)
            {
                throw new MigrationLockLostException(rollbackLock.Key, rollbackLock.LostReason ?? "lost", ex);
            }
        }
    }

    private async Task<RollbackResult> RollbackCoreAsync(Migration migration, bool dryRun, CancellationToken cancellationToken)
    {
        var id = migration.Id;
        var record = await Registry.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (record?.Status != MigrationState.Applied)
        {
            throw new MigrationNotAppliedException(id);
        }
        var done = (await Registry.GetDoneIdsAsync(cancellationToken).ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal);
        var dependents = _byId.Values.Where(m => m.DependsOn.Contains(id, StringComparer.Ordinal) && done.Contains(m.Id)).Select(m => m.Id).Order(StringComparer.Ordinal).ToArray();
        if (dependents.Length > 0)
        {
            throw new MigrationHasDependentsException(id, dependents);
        }
        if (!migration.IsReversible)
        {
            throw new MigrationNotReversibleException(id);
        }

        var sw = Stopwatch.StartNew();
        var context = NewContext(migration, dryRun);
        await migration.DownAsync(context, cancellationToken).ConfigureAwait(false);
        var backups = await Registry.ListBackupsAsync(id, cancellationToken).ConfigureAwait(false);
        if (dryRun)
        {
            return new RollbackResult(id, true, backups.Count, 0, 0, context.PlannedWrites, sw.Elapsed);
        }
        var restored = await _registry.Backups.RestoreBackupsAsync(id, cancellationToken).ConfigureAwait(false);
        await _registry.History.RecordRolledBackAsync(id, MigrationExecution.Summary(migration, context, sw.Elapsed), cancellationToken).ConfigureAwait(false);
        await _registry.Backups.DeleteBackupsAsync(id, cancellationToken).ConfigureAwait(false);
        await _registry.Checkpoints.DeleteCheckpointAsync(id, cancellationToken).ConfigureAwait(false);
        Logger.LogInformation("Rolled back {Id}: {Restored} fields restored, {Deleted} removed", id, restored.FieldsRestored, restored.FieldsDeleted);
        return new RollbackResult(id, false, backups.Count, restored.FieldsRestored, restored.FieldsDeleted, [], sw.Elapsed);
    }

    private MigrationContext NewContext(Migration migration, bool dryRun) =>
        new(migration, _client, _registry, Lua, dryRun, Logger, _options.ErrorListLimit);

    private static MigrationState StateOf(MigrationRecord? record) => record?.Status ?? MigrationState.Pending;
}
