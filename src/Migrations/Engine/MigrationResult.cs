namespace Horreum.Migrations.Engine;

/// <summary>What one migration did (or, in a dry run, would do).</summary>
public sealed record MigrationResult
{
    /// <summary>The migration id.</summary>
    public required string Id { get; init; }

    /// <summary>Its description.</summary>
    public string Description { get; init; } = "";

    /// <summary>How it ended.</summary>
    public required MigrationState Outcome { get; init; }

    /// <summary>Whether this was a dry run.</summary>
    public bool DryRun { get; init; }

    /// <summary>Records read.</summary>
    public long Scanned { get; init; }

    /// <summary>Records changed (dry run: that would change).</summary>
    public long Modified { get; init; }

    /// <summary>Fields changed (dry run: that would change).</summary>
    public long FieldsChanged { get; init; }

    /// <summary>Records that failed (each counted once, however many of its fields failed).</summary>
    public long Errors { get; init; }

    /// <summary>The first records that failed, one entry per key (a record's further errors joined into its message).</summary>
    public IReadOnlyList<RecordError> ErrorSamples { get; init; } = [];

    /// <summary>Values reported without failing (per model, field and kind), e.g. the v1 → v2 upgrade's ambiguous values.</summary>
    public IReadOnlyList<MigrationFinding> Findings { get; init; } = [];

    /// <summary>Named counters from <see cref="MigrationContext.TrackStat"/>.</summary>
    public IReadOnlyDictionary<string, long> Stats { get; init; } = new Dictionary<string, long>();

    /// <summary>Wall time.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>
    /// Records this run read itself: <see cref="Scanned"/> less what the interrupted run it resumed had read (equal
    /// to <see cref="Scanned"/> for a fresh start).
    /// </summary>
    public long ProcessedThisRun { get; init; }

    /// <summary>Records per second of this run: <see cref="ProcessedThisRun"/> over <see cref="Duration"/> (0 when nothing was read).</summary>
    public double RecordsPerSecond => Duration > TimeSpan.Zero ? ProcessedThisRun / Duration.TotalSeconds : 0;

    /// <summary>Why it was not needed.</summary>
    public string? Reason { get; init; }

    /// <summary>
    /// Dry run: what makes the preview approximate (dependencies pending in the same run would change the data
    /// first), or null.
    /// </summary>
    public string? Note { get; init; }

    /// <summary>Why it failed.</summary>
    public string? Error { get; init; }

    /// <summary>The checkpoint an interrupted earlier run left, which this run resumed from; null for a fresh start.</summary>
    public Registry.MigrationCheckpoint? ResumedFrom { get; init; }

    /// <summary>Whether this run resumed from a checkpoint.</summary>
    public bool Resumed => ResumedFrom is not null;

    /// <summary>Dry run: descriptions of the writes it would make (first 1000).</summary>
    public IReadOnlyList<string> PlannedWrites { get; init; } = [];

    /// <summary>
    /// The client that carried the scan's reads and writes: <c>resp</c> (the RESP pipeline) or <c>se-batch</c>
    /// (StackExchange.Redis batches, e.g. on a cluster); null for Base migrations, which choose their own commands.
    /// </summary>
    public string? Transport { get; init; }
}
