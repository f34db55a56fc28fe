using System.Text.Json;
using System.Threading.Channels;
using Horreum.Migrations;
using Horreum.Migrations.Engine;
using Horreum.Migrations.Locking;
using Horreum.Migrations.Reporting;
using Microsoft.Extensions.Logging;

namespace Horreum.AspNetCore;

/// <summary>
/// Starts real runs in the background, one at a time, and fans their progress out to the progress streams. The
/// Redis lock is what keeps runs exclusive (across processes too); it is taken before the run is announced, so a
/// second start gets "busy" at once instead of a run that fails later.
/// </summary>
internal sealed partial class RunCoordinator(ILogger logger, CancellationToken stopping)
{
    private readonly Lock _gate = new();
    private readonly List<Channel<ServerEvent>> _subscribers = [];
    private RunState _state = RunState.None;
    private Task _current = Task.CompletedTask;

    public RunState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    /// <summary>Takes the lock (fail fast) and starts the run; throws <see cref="MigrationLockNotAcquiredException"/> when busy.</summary>
    public async Task<RunStarted> StartAsync(MigrationRunner runner, RunRequest request, CancellationToken cancellationToken)
    {
        var runLock = await runner.AcquireLockAsync("run", TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
        var runId = runLock.Holder.RunId;
        var started = runLock.Holder.StartedAt;
        var options = new MigrationRunOptions
        {
            DryRun = false,
            Only = request.Only,
            Limit = request.Limit,
            MaxRecordsPerSecond = request.MaxRecordsPerSecond,
            Progress = new Reporter(this, runId),
        };
        Task<MigrationRunResult> run;
        try
        {
            // Validates (unknown id, invalid set) before anything is announced; the run itself goes on in the background.
            run = runner.RunAsync(runLock, options, stopping);
        }
        catch
        {
            await runLock.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        lock (_gate)
        {
            _state = new RunState(true, runId, started, null, null, null);
        }
        Publish(new ServerEvent("started", Serialize(new RunStarted(runId, started, "progress", "run"))));
        lock (_gate)
        {
            _current = FinishAsync(run, runLock, runId, started);
        }
        return new RunStarted(runId, started, "progress", "run");
    }

    private async Task FinishAsync(Task<MigrationRunResult> run, MigrationLock runLock, string runId, DateTime started)
    {
        RunState final;
        try
        {
            var result = RunDocument.From(await run.ConfigureAwait(false));
            lock (_gate)
            {
                final = _state with { Running = false, Result = result };
            }
        }
        catch (Exception ex)
        {
            LogRunFailed(logger, ex, runId);
            var message = ex is HorreumMigrationException or OperationCanceledException ? ex.Message : "The run failed unexpectedly; the server log has the details.";
            lock (_gate)
            {
                final = new RunState(false, runId, started, _state.Progress, null, message);
            }
        }
        finally
        {
            await runLock.DisposeAsync().ConfigureAwait(false);
        }
        lock (_gate)
        {
            _state = final;
        }
        Publish(new ServerEvent(final.Error is null ? "done" : "failed", Serialize(final), EndsRun: true));
    }

    /// <summary>A new stream: first the current state, then every event until the run in progress (or the next one) ends.</summary>
    public ChannelReader<ServerEvent> Subscribe()
    {
        // Progress is sent after every page; a slow reader loses old progress, never the final event (it comes last).
        var channel = Channel.CreateBounded<ServerEvent>(new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        lock (_gate)
        {
            channel.Writer.TryWrite(new ServerEvent("state", Serialize(_state)));
            _subscribers.Add(channel);
        }
        return channel.Reader;
    }

    public void Unsubscribe(ChannelReader<ServerEvent> reader)
    {
        lock (_gate)
        {
            _subscribers.RemoveAll(c => ReferenceEquals(c.Reader, reader));
        }
    }

    /// <summary>Waits for the run in progress (tests, shutdown).</summary>
    public Task WhenIdleAsync()
    {
        lock (_gate)
        {
            return _current;
        }
    }

    private void Publish(ServerEvent e)
    {
        lock (_gate)
        {
            foreach (var channel in _subscribers)
            {
                channel.Writer.TryWrite(e);
            }
        }
    }

    private void OnProgress(string runId, MigrationProgress progress)
    {
        var document = ProgressDocument.From(progress);
        lock (_gate)
        {
            if (_state.RunId == runId)
            {
                _state = _state with { Progress = document };
            }
        }
        Publish(new ServerEvent("progress", Serialize(document)));
    }

    private static string Serialize(object document) => JsonSerializer.Serialize(document, document.GetType(), ReportJson.Options);

    [LoggerMessage(Level = LogLevel.Error, Message = "Migration run {RunId} started over HTTP stopped with an error")]
    private static partial void LogRunFailed(ILogger logger, Exception exception, string runId);

    /// <summary>Receives the runner's progress synchronously (no SynchronizationContext hop, unlike Progress&lt;T&gt;).</summary>
    private sealed class Reporter(RunCoordinator owner, string runId) : IProgress<MigrationProgress>
    {
        public void Report(MigrationProgress value) => owner.OnProgress(runId, value);
    }
}
