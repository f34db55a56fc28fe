using System.Diagnostics;
using Horreum.Migrations.Locking;
using Horreum.Migrations.Lua;
using Horreum.Migrations.Registry;
using Horreum.Orm;
using Microsoft.Extensions.Logging;

namespace Horreum.Migrations.Engine;

/// <summary>
/// One migration of a run, start to end: resume from its checkpoint, prepare, needed?, execute (the kind's pass),
/// verify, and record the outcome with its real duration and counts. <see cref="MigrationRunner"/> orchestrates
/// (order, lock, dependencies); this does the work of each step.
/// </summary>
internal sealed class MigrationExecution(HorreumClient client, MigrationRunnerOptions runnerOptions, RedisMigrationRegistry registry, LuaCatalog lua)
{
    private RedisMigrationRegistry Registry => registry;

    private ILogger Logger => runnerOptions.Logger;

    public async Task<MigrationResult> RunAsync(Migration migration, MigrationRunOptions options, MigrationLock? runLock, string[] pendingDependencies, CancellationToken cancellationToken)
    {
        var dryRun = options.DryRun;
        var sw = Stopwatch.StartNew();
        var settings = new ScanSettings(dryRun ? 0 : runnerOptions.CheckpointEvery, runLock?.Holder.RunId, options.Progress, options.MaxRecordsPerSecond, runnerOptions.ProgressLogInterval);
        var context = new MigrationContext(migration, client, Registry, lua, dryRun, Logger, runnerOptions.ErrorListLimit, settings);
        context.PendingDependencies = pendingDependencies;
        Logger.LogInformation("{Mode} {Id}: {Description}", dryRun ? "Dry run of" : "Running", migration.Id, migration.Description);
        if (!dryRun)
        {
            await ResumeAsync(migration, context, cancellationToken).ConfigureAwait(false);
        }
        MigrationState outcome;
        string? reason = null;
        string? error = null;
        try
        {
            await migration.PrepareAsync(context, cancellationToken).ConfigureAwait(false);
            var necessity = await migration.IsNeededAsync(context, cancellationToken).ConfigureAwait(false);
            if (!necessity.IsNeeded)
            {
                reason = necessity.Reason ?? "not needed";
                outcome = dryRun ? MigrationState.WouldSkip : MigrationState.NotApplicable;
            }
            else
            {
                await migration.ExecuteAsync(context, cancellationToken).ConfigureAwait(false);
                error = await migration.VerifyAsync(context, cancellationToken).ConfigureAwait(false);
                if (error is null && context.ErrorCount > 0 && !migration.ContinueOnError && context.ErrorCount > migration.MaxErrors)
                {
                    error = $"{context.ErrorCount} record(s) failed (allowed: {migration.MaxErrors}); first: {string.Join(", ", context.Errors.Take(5).Select(e => e.Key))}";
                }
                outcome = error is not null ? MigrationState.Failed : dryRun ? MigrationState.WouldApply : MigrationState.Applied;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            error = $"{ex.GetType().Name}: {(AclRefusal.Is(ex) ? AclRefusal.Describe(migration, client, ex) : ex.Message)}";
            outcome = MigrationState.Failed;
            Logger.LogError(ex, "Migration {Id} failed", migration.Id);
        }
        var elapsed = sw.Elapsed;

        if (!dryRun && outcome == MigrationState.Failed && context.Scan?.Completed == true)
        {
            // The scan finished, so there is nothing to resume: the next run starts over and retries the records that
            // failed. A scan cut short by an error keeps its checkpoint, and the next run resumes it.
            await Registry.Checkpoints.DeleteCheckpointAsync(migration.Id, cancellationToken).ConfigureAwait(false);
        }
        if (!dryRun)
        {
            // Every outcome is recorded, with its real duration and counts (skips and failures included).
            var summary = Summary(migration, context, elapsed);
            switch (outcome)
            {
                case MigrationState.Applied:
                    await Registry.History.RecordAppliedAsync(migration.Id, summary, cancellationToken).ConfigureAwait(false);
                    break;
                case MigrationState.NotApplicable:
                    await Registry.History.RecordNotApplicableAsync(migration.Id, reason!, summary, cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    try
                    {
                        await Registry.History.RecordFailedAsync(migration.Id, error!, summary, cancellationToken).ConfigureAwait(false);
                    }
                    catch (StackExchange.Redis.RedisException ex)
                    {
                        // The failure itself is often the connection; the result still says what happened.
                        error += $" (the failure could not be recorded in the registry either: {ex.Message}; the migration stays pending)";
                        Logger.LogError(ex, "Could not record the failure of {Id}", migration.Id);
                    }
                    break;
            }
        }
        Logger.LogInformation("{Id}: {Outcome} in {Ms:0} ms ({Scanned} scanned, {Modified} changed, {Errors} errors, transport {Transport})", migration.Id, outcome, elapsed.TotalMilliseconds, context.Scanned, context.Modified, context.ErrorCount, context.Transport ?? "n/a");
        return new MigrationResult
        {
            Id = migration.Id,
            Description = migration.Description,
            Outcome = outcome,
            DryRun = dryRun,
            Scanned = context.Scanned,
            ProcessedThisRun = context.ProcessedThisRun,
            Modified = context.Modified,
            FieldsChanged = context.FieldsChanged,
            Errors = context.ErrorCount,
            ErrorSamples = context.Errors,
            Findings = context.Findings,
            Stats = new Dictionary<string, long>(context.Stats),
            Duration = elapsed,
            Transport = context.Transport,
            Reason = reason,
            Error = error,
            Note = pendingDependencies.Length == 0 ? null
                : $"approximate: reads the data as it is now, before {string.Join(", ", pendingDependencies)} (pending in this run) would change it; records read leniently",
            PlannedWrites = context.PlannedWrites,
            ResumedFrom = context.ResumedFrom,
        };
    }

    private async Task ResumeAsync(Migration migration, MigrationContext context, CancellationToken cancellationToken)
    {
        var checkpoint = await Registry.GetCheckpointAsync(migration.Id, cancellationToken).ConfigureAwait(false);
        if (checkpoint is null)
        {
            return;
        }
        if (checkpoint.Checksum is not null && checkpoint.Checksum != migration.ComputeChecksum())
        {
            // The code changed since the interruption: records before the cursor may need the new logic too.
            Logger.LogWarning("{Id}: discarding the checkpoint of an earlier version of this migration (checksum {Old}); starting over", migration.Id, checkpoint.Checksum);
            await Registry.Checkpoints.DeleteCheckpointAsync(migration.Id, cancellationToken).ConfigureAwait(false);
            return;
        }
        var server = await ServerIdentity.GetRunIdAsync(client, Logger, cancellationToken).ConfigureAwait(false);
        var rescan = checkpoint.ServerRunId is not null && server is not null && checkpoint.ServerRunId != server && checkpoint.Cursor != "0";
        context.RestoreFrom(checkpoint, rescan);
        if (rescan)
        {
            Logger.LogWarning("{Id}: the Redis server restarted since the checkpoint (run_id {Old} -> {New}), so its SCAN cursor is void: rescanning from the start, keeping the {Modified} changes counted so far",
                migration.Id, checkpoint.ServerRunId, server, checkpoint.Modified + checkpoint.Journal.Count);
            return;
        }
        Logger.LogInformation("{Id}: resuming from checkpoint at cursor {Cursor} saved {SavedAt:o} by run {RunId} ({Scanned} scanned, {Modified} changed so far, {Journal} journaled after the cursor)",
            migration.Id, checkpoint.Cursor, checkpoint.SavedAt, checkpoint.RunId ?? "?", checkpoint.Scanned, checkpoint.Modified, checkpoint.Journal.Count);
    }

    public static MigrationRunSummary Summary(Migration migration, MigrationContext context, TimeSpan elapsed) => new()
    {
        Duration = elapsed,
        Scanned = context.Scanned,
        ProcessedThisRun = context.ProcessedThisRun,
        Modified = context.Modified,
        Errors = context.ErrorCount,
        Reversible = migration.IsReversible,
        Checksum = migration.ComputeChecksum(),
        Stats = new Dictionary<string, long>(context.Stats),
    };
}
