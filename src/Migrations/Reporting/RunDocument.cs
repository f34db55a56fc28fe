using Horreum.Migrations.Engine;

namespace Horreum.Migrations.Reporting;

/// <summary><c>horreum migrate [--run] --json</c> and the HTTP dry run / run result.</summary>
/// <param name="DryRun">Whether nothing was written.</param>
/// <param name="Succeeded">No migration failed.</param>
/// <param name="Migrations">What each migration did (or would do), in run order; it stops at the first failure.</param>
internal sealed record RunDocument(bool DryRun, bool Succeeded, IReadOnlyList<RunItem> Migrations)
{
    /// <summary>Builds the document from a run's result.</summary>
    public static RunDocument From(MigrationRunResult run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return new RunDocument(run.DryRun, run.Succeeded, [.. run.Migrations.Select(RunItem.From)]);
    }
}
