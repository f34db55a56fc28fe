namespace Horreum.Migrations;

/// <summary>
/// A check that must hold before a change did not hold (a rename whose target already exists, a key
/// that is not the expected type, ...). Nothing was changed by the step that raised it.
/// </summary>
public sealed class MigrationPreconditionFailedException : HorreumMigrationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="detail">What did not hold, with the key and field involved.</param>
    /// <param name="migrationId">The migration that ran the step, when known.</param>
    /// <param name="innerException">The server error that reported it, when there is one.</param>
    public MigrationPreconditionFailedException(string detail, string? migrationId = null, Exception? innerException = null)
        : base(Describe(detail, migrationId), innerException!)
    {
        Detail = detail;
        MigrationId = migrationId;
    }

    /// <summary>What did not hold.</summary>
    public string Detail { get; }

    private static string Describe(string detail, string? migrationId) =>
        (migrationId is null ? "" : $"Migration '{migrationId}': ")
        + $"precondition failed: {detail}. Nothing was changed by this step; fix the data or the migration and run it again.";
}
