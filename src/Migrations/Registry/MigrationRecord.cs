using System.Text.Json.Serialization;
using Horreum.Migrations.Engine;

namespace Horreum.Migrations.Registry;

/// <summary>
/// The registry's metadata for one migration, stored as JSON (snake_case field names) and replaced by each
/// new event for that migration; the run history keeps the earlier ones.
/// </summary>
public sealed record MigrationRecord
{
    /// <summary>The migration id.</summary>
    public required string Id { get; init; }

    /// <summary>The latest outcome.</summary>
    public required MigrationState Status { get; init; }

    /// <summary>Why nothing had to be done; set when <see cref="Status"/> is <see cref="MigrationState.NotApplicable"/>.</summary>
    public string? Reason { get; init; }

    /// <summary>What went wrong; set when <see cref="Status"/> is <see cref="MigrationState.Failed"/>.</summary>
    public string? Error { get; init; }

    /// <summary>When this status was recorded, UTC (ISO-8601 with <c>Z</c> in JSON).</summary>
    public required DateTime AppliedAt { get; init; }

    /// <summary>How long the step took, in milliseconds (fractional).</summary>
    public double DurationMs { get; init; }

    /// <summary>Records (or keys) read.</summary>
    public long Scanned { get; init; }

    /// <summary>Records this step read itself; a resumed run's <see cref="Scanned"/> includes those of the run it resumed.</summary>
    public long ProcessedThisRun { get; init; }

    /// <summary>Records per second of this step: <see cref="ProcessedThisRun"/> over its duration.</summary>
    public double RecordsPerSecond => DurationMs > 0 ? ProcessedThisRun / (DurationMs / 1000) : 0;

    /// <summary>Records (or keys) changed.</summary>
    public long Modified { get; init; }

    /// <summary>Records that failed.</summary>
    public long Errors { get; init; }

    /// <summary>Whether the migration has a down step.</summary>
    public bool Reversible { get; init; }

    /// <summary>Checksum of the migration's definition when it ran.</summary>
    public string? Checksum { get; init; }

    /// <summary>Machine that recorded it.</summary>
    public string? Host { get; init; }

    /// <summary>Version of the application that recorded it.</summary>
    public string? AppVersion { get; init; }

    /// <summary>Named counters the migration tracked.</summary>
    [JsonPropertyName("stats")]
    public IReadOnlyDictionary<string, long> Stats { get; init; } = new Dictionary<string, long>();
}
