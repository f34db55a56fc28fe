namespace Horreum.Migrations.Engine;

/// <summary>How one migration of a run ended.</summary>
public enum MigrationOutcome
{
    /// <summary>Applied (real run).</summary>
    Applied,

    /// <summary>Not needed; recorded <c>not_applicable</c> with the reason (real run).</summary>
    NotApplicable,

    /// <summary>Failed: an exception, a failed verification, or more record errors than allowed.</summary>
    Failed,

    /// <summary>Dry run: would be applied; the counts say what would change.</summary>
    WouldApply,

    /// <summary>Dry run: not needed; would be recorded <c>not_applicable</c>.</summary>
    WouldSkip,
}
