namespace Horreum.Migrations.Registry;

/// <summary>The recorded outcome of a migration. Stored in JSON as snake_case (<c>not_applicable</c>, <c>rolled_back</c>).</summary>
public enum MigrationStatus
{
    /// <summary>Ran and changed what it had to. Counts as done: dependents may run.</summary>
    Applied,

    /// <summary>Checked and found nothing to do (with a reason). Counts as done, so it is not checked again.</summary>
    NotApplicable,

    /// <summary>Ran and failed (with the error). Not done: the next run tries it again.</summary>
    Failed,

    /// <summary>Was applied, then rolled back. Not done: the next run applies it again.</summary>
    RolledBack,
}
