using Horreum.Migrations.Engine;

namespace Horreum.Migrations.Reporting;

/// <summary>A progress report of a running Model or Pipeline migration (the HTTP progress stream's <c>progress</c> event).</summary>
/// <param name="MigrationId">The migration.</param>
/// <param name="Processed">Records read so far.</param>
/// <param name="Modified">Records changed so far.</param>
/// <param name="EstimatedTotal">Estimated records to read; null when unknown.</param>
/// <param name="Fraction">0..1 when the total is known.</param>
/// <param name="RecordsPerSecond">Records read per second.</param>
/// <param name="EtaSeconds">Estimated seconds left; null when unknown.</param>
/// <param name="ElapsedMs">Time since the migration's scan started.</param>
internal sealed record ProgressDocument(string MigrationId, long Processed, long Modified, long? EstimatedTotal, double? Fraction, double RecordsPerSecond, double? EtaSeconds, double ElapsedMs)
{
    /// <summary>Builds the document from a progress report.</summary>
    public static ProgressDocument From(MigrationProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        return new ProgressDocument(progress.MigrationId, progress.Processed, progress.Modified, progress.EstimatedTotal, progress.Fraction,
            progress.RecordsPerSecond, progress.EstimatedRemaining?.TotalSeconds, progress.Elapsed.TotalMilliseconds);
    }
}
