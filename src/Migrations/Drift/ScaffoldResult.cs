namespace Horreum.Migrations.Drift;

/// <summary>What <c>horreum new</c> did.</summary>
/// <param name="FilePath">The migration file written, or null when no change needs a data migration.</param>
/// <param name="MigrationIds">Ids of the migrations in it.</param>
/// <param name="Changes">Every model change found against the snapshot.</param>
/// <param name="SnapshotPath">The snapshot, updated to the current models.</param>
internal sealed record ScaffoldResult(string? FilePath, IReadOnlyList<string> MigrationIds, IReadOnlyList<ModelChange> Changes, string SnapshotPath);
