namespace Horreum.Migrations.Engine;

/// <summary>
/// Where a migration stands, in every place that says so: the registry's records and history
/// (<c>applied</c>, <c>not_applicable</c>, <c>failed</c>, <c>rolled_back</c>, stored snake_case), the status of a
/// migration (those, or <see cref="Pending"/>), and how one migration of a run ended (<see cref="MigrationResult.Outcome"/>:
/// <see cref="Applied"/>, <see cref="NotApplicable"/>, <see cref="Failed"/>, or in a dry run <see cref="WouldApply"/>
/// and <see cref="WouldSkip"/>).
/// </summary>
public enum MigrationState
{
    /// <summary>Never run (a status only; never recorded).</summary>
    Pending,

    /// <summary>Ran and changed what it had to. Counts as done: dependents may run.</summary>
    Applied,

    /// <summary>Checked and found nothing to do (with a reason). Counts as done, so it is not checked again.</summary>
    NotApplicable,

    /// <summary>Ran and failed: an exception, a failed verification, or more record errors than allowed. The next run tries it again.</summary>
    Failed,

    /// <summary>Was applied, then rolled back. Not done: the next run applies it again.</summary>
    RolledBack,

    /// <summary>Dry run: would be applied; the counts say what would change (a run's outcome only; never recorded).</summary>
    WouldApply,

    /// <summary>Dry run: not needed; would be recorded <see cref="NotApplicable"/> (a run's outcome only; never recorded).</summary>
    WouldSkip,
}
