namespace Horreum.Migrations;

/// <summary>An operation needs an applied migration (a rollback, for instance) and the migration is not applied.</summary>
public sealed class MigrationNotAppliedException : HorreumMigrationException
{
    /// <summary>Creates the exception for <paramref name="migrationId"/>.</summary>
    /// <param name="migrationId">The migration that is not applied.</param>
    public MigrationNotAppliedException(string migrationId)
        : base($"Migration '{migrationId}' is not applied, so there is nothing to roll back. "
            + "Run `horreum status` to see which migrations are applied.")
    {
        MigrationId = migrationId;
    }
}
