using Horreum.Migrations.Registry;

namespace Horreum.Migrations.Reporting;

/// <summary>One recorded step of a <see cref="HistoryDocument"/>.</summary>
/// <param name="At">When (UTC).</param>
/// <param name="MigrationId">The migration.</param>
/// <param name="Status">applied, not_applicable, failed or rolled_back.</param>
/// <param name="DurationMs">How long it took.</param>
/// <param name="Detail">Reason or error, when any.</param>
/// <param name="Host">Machine that recorded it.</param>
/// <param name="Scanned">Records read (null for steps recorded before this was kept).</param>
/// <param name="Modified">Records changed (null likewise).</param>
/// <param name="RecordsPerSecond">Records read per second (null when unknown or nothing was read).</param>
public sealed record HistoryItem(DateTime At, string MigrationId, MigrationStatus Status, double DurationMs, string? Detail, string? Host, long? Scanned, long? Modified, double? RecordsPerSecond)
{
    /// <summary>Builds the item from a registry event.</summary>
    public static HistoryItem From(RegistryEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new HistoryItem(e.At, e.MigrationId, e.Status, e.DurationMs, e.Detail, e.Host, e.Scanned, e.Modified, e.RecordsPerSecond);
    }
}
