namespace Horreum.Migrations.Engine;

/// <summary>The result of a run: one entry per migration attempted, in order; the run stops at the first failure.</summary>
/// <param name="DryRun">Whether this was a dry run.</param>
/// <param name="Migrations">Per migration, in the order they ran.</param>
public sealed record MigrationRunResult(bool DryRun, IReadOnlyList<MigrationResult> Migrations)
{
    /// <summary>True when no migration failed.</summary>
    public bool Succeeded => Migrations.All(m => m.Outcome != MigrationState.Failed);

    /// <summary>A dead holder (same host, process gone) whose lock this run took over; null normally.</summary>
    public Locking.MigrationLockHolder? LockTakenOverFrom { get; init; }
}
