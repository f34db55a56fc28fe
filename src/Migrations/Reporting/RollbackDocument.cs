using Horreum.Migrations.Engine;

namespace Horreum.Migrations.Reporting;

/// <summary><c>horreum rollback ID [--run] --json</c> and the HTTP rollback result.</summary>
/// <param name="Id">The migration id.</param>
/// <param name="DryRun">Whether nothing was written.</param>
/// <param name="BackedUpFields">Field backups the migration had.</param>
/// <param name="FieldsRestored">Fields written back (0 in a dry run).</param>
/// <param name="FieldsDeleted">Fields removed because they did not exist before (0 in a dry run).</param>
/// <param name="PlannedWrites">Dry run: writes the down step would make.</param>
/// <param name="DurationMs">Wall time.</param>
internal sealed record RollbackDocument(string Id, bool DryRun, long BackedUpFields, long FieldsRestored, long FieldsDeleted, IReadOnlyList<string> PlannedWrites, double DurationMs)
{
    /// <summary>Builds the document from a rollback's result.</summary>
    public static RollbackDocument From(RollbackResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new RollbackDocument(result.Id, result.DryRun, result.BackedUpFields, result.FieldsRestored, result.FieldsDeleted, result.PlannedWrites, result.Duration.TotalMilliseconds);
    }
}
