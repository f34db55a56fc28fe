namespace Horreum.Migrations.Engine;

/// <summary>A migration's state as the registry knows it.</summary>
public enum MigrationState
{
    /// <summary>Never applied (or rolled back, or failed: it will run next time).</summary>
    Pending,

    /// <summary>Applied.</summary>
    Applied,

    /// <summary>Recorded as not needed; counts as done.</summary>
    NotApplicable,

    /// <summary>The last attempt failed; it will run again.</summary>
    Failed,

    /// <summary>Rolled back; it will run again.</summary>
    RolledBack,
}
