using Horreum.Migrations.Engine;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Horreum.Migrations.Hosting;

/// <summary>Refuses to let the host start while migrations are pending.</summary>
internal sealed class PendingMigrationsGate(MigrationRunner runner, ILogger<PendingMigrationsGate> logger) : IHostedLifecycleService
{
    // Runs in the starting phase too, but is registered after the startup service, so it sees the applied state.
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        var pending = (await runner.StatusAsync(cancellationToken).ConfigureAwait(false)).Where(e => e.IsPending).Select(e => e.Id).ToArray();
        if (pending.Length == 0)
        {
            return;
        }
        logger.LogCritical("Refusing to start: {Count} migration(s) pending: {Ids}", pending.Length, string.Join(", ", pending));
        throw new HorreumMigrationException(
            $"Refusing to start: {pending.Length} migration(s) pending ({string.Join(", ", pending)}). Apply them with `horreum migrate --run`, or enable ApplyPendingMigrationsOnStartup.");
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
