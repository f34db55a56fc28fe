namespace Horreum.Migrations.Engine;

/// <summary>What a run does.</summary>
public sealed record MigrationRunOptions
{
    /// <summary>True (default): read and decide everything, write nothing (registry included).</summary>
    public bool DryRun { get; init; } = true;

    /// <summary>Run at most this many pending migrations.</summary>
    public int? Limit { get; init; }

    /// <summary>Run only this migration (its dependencies must be applied).</summary>
    public string? Only { get; init; }

    /// <summary>Receives progress (processed, estimated total, rate, ETA) after each page of a Model or Pipeline migration.</summary>
    public IProgress<MigrationProgress>? Progress { get; init; }

    /// <summary>Caps the records read per second (averaged over the migration), to spare a production server; null: no cap.</summary>
    public double? MaxRecordsPerSecond { get; init; }

    /// <summary>
    /// How long a real run waits for the lock, overriding <see cref="Locking.MigrationLockOptions.WaitTimeout"/>:
    /// zero fails fast, <see cref="Timeout.InfiniteTimeSpan"/> waits until it is free; null uses the runner's setting.
    /// </summary>
    public TimeSpan? LockWaitTimeout { get; init; }
}
