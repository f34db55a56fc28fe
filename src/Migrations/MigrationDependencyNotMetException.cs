namespace Horreum.Migrations;

/// <summary>A migration was asked to run while migrations it depends on are not applied.</summary>
public sealed class MigrationDependencyNotMetException : HorreumMigrationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="migrationId">The migration that cannot run yet.</param>
    /// <param name="missingDependencies">Its dependencies that are not applied.</param>
    public MigrationDependencyNotMetException(string migrationId, IReadOnlyList<string> missingDependencies)
        : base($"Migration '{migrationId}' depends on {Quote(missingDependencies)}, not applied yet. "
            + "Apply them first: `horreum migrate --run` runs pending migrations in dependency order.")
    {
        ArgumentNullException.ThrowIfNull(missingDependencies);
        MigrationId = migrationId;
        MissingDependencies = missingDependencies;
    }

    /// <summary>The dependencies that are not applied.</summary>
    public IReadOnlyList<string> MissingDependencies { get; }

    private static string Quote(IReadOnlyList<string>? ids) =>
        ids is null ? "" : string.Join(", ", ids.Select(i => $"'{i}'"));
}
