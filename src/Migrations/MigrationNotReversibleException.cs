namespace Horreum.Migrations;

/// <summary>A rollback was asked for a migration that has no down step.</summary>
public sealed class MigrationNotReversibleException : HorreumMigrationException
{
    /// <summary>Creates the exception for <paramref name="migrationId"/>.</summary>
    /// <param name="migrationId">The migration that cannot be rolled back.</param>
    public MigrationNotReversibleException(string migrationId)
        : base($"Migration '{migrationId}' has no down step, so it cannot be rolled back. "
            + "Implement its down step, or write a new migration that undoes its changes.")
    {
        MigrationId = migrationId;
    }
}
