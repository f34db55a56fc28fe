namespace Horreum.Migrations.Registry;

/// <summary>One entry of the run history: a status recorded for a migration.</summary>
/// <param name="At">When, UTC.</param>
/// <param name="MigrationId">The migration.</param>
/// <param name="Status">The status recorded.</param>
/// <param name="DurationMs">How long the step took, in milliseconds.</param>
/// <param name="Detail">The reason (not applicable) or error (failed), when there is one.</param>
/// <param name="Host">Machine that recorded it.</param>
/// <param name="Scanned">Records (or keys) the step read; null in events recorded before this was kept.</param>
/// <param name="Modified">Records (or keys) the step changed; null in events recorded before this was kept.</param>
public sealed record RegistryEvent(DateTime At, string MigrationId, MigrationStatus Status, double DurationMs, string? Detail, string? Host, long? Scanned = null, long? Modified = null)
{
    /// <summary>Records read per second in this step; null when unknown or when it read nothing.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public double? RecordsPerSecond => Scanned is > 0 && DurationMs > 0 ? Scanned.Value / (DurationMs / 1000.0) : null;
}
