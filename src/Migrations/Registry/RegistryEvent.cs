using Horreum.Migrations.Engine;
namespace Horreum.Migrations.Registry;

/// <summary>One entry of the run history: a status recorded for a migration.</summary>
/// <param name="At">When, UTC.</param>
/// <param name="MigrationId">The migration.</param>
/// <param name="Status">The status recorded.</param>
/// <param name="DurationMs">How long the step took, in milliseconds.</param>
/// <param name="Detail">The reason (not applicable) or error (failed), when there is one.</param>
/// <param name="Host">Machine that recorded it.</param>
/// <param name="Processed">Records the step read itself (a resumed run counts only its own); null for events without a scan.</param>
public sealed record RegistryEvent(DateTime At, string MigrationId, MigrationState Status, double DurationMs, string? Detail, string? Host, long? Processed = null)
{
    /// <summary>Records per second of the step (<see cref="Processed"/> over <see cref="DurationMs"/>); null when unknown.</summary>
    public double? RecordsPerSecond => Processed is { } n && DurationMs > 0 ? n / (DurationMs / 1000) : null;
}
