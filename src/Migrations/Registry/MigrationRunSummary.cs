namespace Horreum.Migrations.Registry;

/// <summary>What the runner measured while running (or checking, or rolling back) a migration; the registry stores it.</summary>
public sealed record MigrationRunSummary
{
    /// <summary>Wall-clock time the step took. Stored with sub-millisecond precision, so a fast step is not recorded as 0.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>Records (or keys) read.</summary>
    public long Scanned { get; init; }

    /// <summary>Records this run read itself (a resumed run's <see cref="Scanned"/> includes the interrupted run's).</summary>
    public long ProcessedThisRun { get; init; }

    /// <summary>Records (or keys) changed.</summary>
    public long Modified { get; init; }

    /// <summary>Records that failed.</summary>
    public long Errors { get; init; }

    /// <summary>Whether the migration has a down step.</summary>
    public bool Reversible { get; init; }

    /// <summary>Checksum of the migration's definition, to detect a changed migration later.</summary>
    public string? Checksum { get; init; }

    /// <summary>Named counters the migration tracked.</summary>
    public IReadOnlyDictionary<string, long>? Stats { get; init; }
}
