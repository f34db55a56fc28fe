namespace Horreum.Migrations;

/// <summary>A rollback was asked for a migration that applied migrations still depend on.</summary>
public sealed class MigrationHasDependentsException : HorreumMigrationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="migrationId">The migration whose rollback was refused.</param>
    /// <param name="dependents">The applied migrations that depend on it.</param>
    public MigrationHasDependentsException(string migrationId, IReadOnlyList<string> dependents)
        : base($"Migration '{migrationId}' cannot be rolled back while {Quote(dependents)} "
            + "(applied, depending on it) stay applied. Roll those back first, newest first.")
    {
        ArgumentNullException.ThrowIfNull(dependents);
        MigrationId = migrationId;
        Dependents = dependents;
    }

    /// <summary>The applied migrations that depend on this one.</summary>
    public IReadOnlyList<string> Dependents { get; }

    private static string Quote(IReadOnlyList<string>? ids) =>
        ids is null ? "" : string.Join(", ", ids.Select(i => $"'{i}'"));
}
