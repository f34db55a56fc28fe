namespace Horreum.Migrations.Engine;

/// <summary>What a rollback did (or, in a dry run, would do).</summary>
/// <param name="Id">The migration id.</param>
/// <param name="DryRun">Whether this was a dry run.</param>
/// <param name="BackedUpFields">Field backups the migration had.</param>
/// <param name="FieldsRestored">Fields written back (0 in a dry run).</param>
/// <param name="FieldsDeleted">Fields removed because they did not exist before (0 in a dry run).</param>
/// <param name="PlannedWrites">Dry run: writes <c>DownAsync</c> would make.</param>
/// <param name="Duration">Wall time.</param>
public sealed record RollbackResult(string Id, bool DryRun, long BackedUpFields, long FieldsRestored, long FieldsDeleted, IReadOnlyList<string> PlannedWrites, TimeSpan Duration);
