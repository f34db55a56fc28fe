using System.Diagnostics;
using Horreum.Migrations.Registry;
using Microsoft.Extensions.Logging;

namespace Horreum.Migrations.Engine;

/// <summary>
/// One migration's scan as the run sees it: where it starts (a checkpoint's cursor), which records an interrupted
/// run already counted (its journal), and what happens after each page (checkpoint, progress, throttle).
/// </summary>
internal sealed class ScanSession
{
    private readonly MigrationContext _context;
    private readonly ScanSettings _settings;
    private readonly HashSet<string> _journaled;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly long? _estimatedTotal;
    private readonly long _scannedAtStart;
    private TimeSpan _lastLog;
    private long _sinceCheckpoint;

    private readonly string? _serverRunId;

    public ScanSession(MigrationContext context, ScanSettings settings, MigrationCheckpoint? resumed, long? estimatedTotal, string? serverRunId)
    {
        _serverRunId = serverRunId;
        _context = context;
        _settings = settings;
        _journaled = resumed?.Journal.Keys.ToHashSet(StringComparer.Ordinal) ?? new HashSet<string>(StringComparer.Ordinal);
        StartCursor = resumed is null ? "0" : context.ResumeCursor;
        _estimatedTotal = estimatedTotal;
        _scannedAtStart = context.Scanned;
    }

    public string StartCursor { get; }

    public bool Completed { get; private set; }

    /// <summary>Whether this run saves checkpoints (and so journals its changes).</summary>
    public bool Checkpointing => !_context.DryRun && _settings.CheckpointEvery > 0;

    /// <summary>Runs before a checkpoint is saved (the bulk writer drains its window there).</summary>
    public Func<CancellationToken, ValueTask>? BeforeCheckpoint { get; set; }

    /// <summary>Whether an interrupted run left a journal (only then can <see cref="WasCounted"/> be true).</summary>
    public bool HasJournal => _journaled.Count > 0;

    /// <summary>True when an interrupted run journaled (and counted) a change of this record.</summary>
    public bool WasCounted(string key) => _journaled.Contains(key);

    /// <summary>Journals changes before they are sent (real runs with checkpoints only).</summary>
    public Task JournalAsync(IEnumerable<PreparedWrite> writes, CancellationToken cancellationToken)
    {
        if (!Checkpointing)
        {
            return Task.CompletedTask;
        }
        var entries = writes.Select(w => new KeyValuePair<string, long>(w.Key, w.FieldCount)).ToArray();
        return _context.Stores.Checkpoints.JournalChangesAsync(_context.Migration.Id, entries, cancellationToken);
    }

    /// <summary>After a page's writes were acknowledged: checkpoint when due, throttle, report progress.</summary>
    public async Task PageDoneAsync(string nextCursor, int records, CancellationToken cancellationToken)
    {
        _sinceCheckpoint += records;
        if (nextCursor == "0")
        {
            Completed = true;
        }
        else if (Checkpointing && _sinceCheckpoint >= _settings.CheckpointEvery)
        {
            if (BeforeCheckpoint is { } drain)
            {
                // Writes still in flight must be acknowledged first: a checkpoint never runs ahead of the data.
                await drain(cancellationToken).ConfigureAwait(false);
            }
            await _context.Stores.Checkpoints.SaveCheckpointAsync(_context.Migration.Id, _context.Checkpoint(nextCursor, _settings.RunId, _serverRunId), cancellationToken).ConfigureAwait(false);
            _sinceCheckpoint = 0;
        }

        var thisRun = _context.Scanned - _scannedAtStart;
        if (_settings.MaxRecordsPerSecond is { } max && thisRun > 0)
        {
            // Stay under the rate on average since the start: wait until the records done are "due", before the
            // progress report, so the rate and ETA it gives are the pace the run keeps (never the burst of one page).
            var due = TimeSpan.FromSeconds(thisRun / max);
            for (var now = _clock.Elapsed; due > now; now = _clock.Elapsed)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling((due - now).TotalMilliseconds)), cancellationToken).ConfigureAwait(false);
            }
        }

        var elapsed = _clock.Elapsed;
        var rate = elapsed > TimeSpan.Zero ? thisRun / elapsed.TotalSeconds : 0;
        var processed = _context.Scanned;
        TimeSpan? eta = _estimatedTotal is { } total && rate > 0 ? TimeSpan.FromSeconds(Math.Max(0, total - processed) / rate) : null;
        if (Completed)
        {
            eta = TimeSpan.Zero;
        }
        var progress = new MigrationProgress
        {
            MigrationId = _context.Migration.Id,
            Processed = processed,
            Modified = _context.Modified,
            EstimatedTotal = _estimatedTotal,
            RecordsPerSecond = rate,
            EstimatedRemaining = eta,
            Elapsed = elapsed,
        };
        _settings.Progress?.Report(progress);
        if (elapsed - _lastLog >= _settings.ProgressLogInterval || Completed)
        {
            _lastLog = elapsed;
            _context.Logger.LogInformation("{Id}: {Processed}/{Total} records, {Modified} changed, {Rate:0} records/s, ETA {Eta}",
                progress.MigrationId, processed, _estimatedTotal?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?", progress.Modified, rate,
                eta is { } e ? e.ToString(@"hh\:mm\:ss", System.Globalization.CultureInfo.InvariantCulture) : "?");
        }
    }
}
