using Horreum.Migrations.Engine;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Horreum.Migrations.Hosting;

/// <summary>Applies pending migrations in the host's starting phase, so nothing serves before the data is migrated.</summary>
internal sealed class MigrationStartupService(
    MigrationRunner runner,
    IOptions<StartupMigrationSettings> settings,
    IOptions<HorreumHostingOptions> options,
    ILogger<MigrationStartupService> logger) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        var policy = settings.Value.Policy;
        var wait = policy == StartupMigrationPolicy.Wait ? options.Value.LockWaitTimeout : TimeSpan.Zero;
        MigrationRunResult run;
        try
        {
            run = await runner.RunAsync(new MigrationRunOptions { DryRun = false, LockWaitTimeout = wait }, cancellationToken).ConfigureAwait(false);
        }
        catch (MigrationLockNotAcquiredException ex) when (policy == StartupMigrationPolicy.Warn)
        {
            logger.LogWarning("Starting without applying migrations: {Message}", ex.Message);
            return;
        }
        var failed = run.Migrations.FirstOrDefault(m => m.Outcome == MigrationState.Failed);
        if (failed is null)
        {
            logger.LogInformation("Startup migrations: {Applied} applied, {Skipped} not applicable", run.Migrations.Count(m => m.Outcome == MigrationState.Applied), run.Migrations.Count(m => m.Outcome == MigrationState.NotApplicable));
            return;
        }
        if (policy == StartupMigrationPolicy.Warn)
        {
            logger.LogError("Starting although migration {Id} failed: {Error}", failed.Id, failed.Error);
            return;
        }
        throw new HorreumMigrationException($"Migration {failed.Id} failed at startup: {failed.Error}. Fix it and restart, or run `horreum migrate --run`.");
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
