namespace Horreum.Migrations;

/// <summary>No registered migration has the id that was asked for.</summary>
public sealed class MigrationNotFoundException : HorreumMigrationException
{
    /// <summary>Creates the exception for <paramref name="migrationId"/>.</summary>
    /// <param name="migrationId">The id that matched nothing.</param>
    public MigrationNotFoundException(string migrationId)
        : base($"No migration with id '{migrationId}' is registered. Check the id with `horreum status` "
            + "(ids look like yyyyMMdd_HHmmss_snake_name) and make sure the assembly that holds it is loaded.")
    {
        MigrationId = migrationId;
    }
}
