using Horreum.Migrations.Engine;
using Horreum.Migrations.Registry;

namespace Horreum.Migrations.Reporting;

/// <summary>One recorded step of a <see cref="HistoryDocument"/>.</summary>
/// <param name="At">When (UTC).</param>
/// <param name="MigrationId">The migration.</param>
/// <param name="Status">applied, not_applicable, failed or rolled_back.</param>
/// <param name="DurationMs">How long it took.</param>
/// <param name="Detail">Reason or error, when any.</param>
/// <param name="Host">Machine that recorded it.</param>
/// <param name="Processed">Records the step read itself (a resumed run counts only its own); null without a scan.</param>
/// <param name="RecordsPerSecond">Records read per second by the step; null when unknown.</param>
internal sealed record HistoryItem(DateTime At, string MigrationId, MigrationState Status, double DurationMs, string? Detail, string? Host, long? Processed, double? RecordsPerSecond)
{
    /// <summary>Builds the item from a registry event.</summary>
    public static HistoryItem From(RegistryEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new HistoryItem(e.At, e.MigrationId, e.Status, e.DurationMs, e.Detail, e.Host, e.Processed, e.RecordsPerSecond);
    }
}
