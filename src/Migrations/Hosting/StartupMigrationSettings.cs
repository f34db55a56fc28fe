namespace Horreum.Migrations.Hosting;

/// <summary>The policy chosen with <see cref="HorreumBuilder.ApplyPendingMigrationsOnStartup"/>.</summary>
internal sealed class StartupMigrationSettings
{
    public StartupMigrationPolicy Policy { get; set; } = StartupMigrationPolicy.Fail;
}
