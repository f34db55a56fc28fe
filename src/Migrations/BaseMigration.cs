using Horreum.Migrations.Engine;

namespace Horreum.Migrations;

/// <summary>
/// Raw Redis work. Read freely through <see cref="MigrationContext.Database"/>; write through
/// <see cref="MigrationContext.WriteAsync"/> so a dry run previews instead of writing.
/// </summary>
public abstract class BaseMigration : Migration
{
    /// <summary>The migration's work.</summary>
    protected abstract Task MigrateAsync(MigrationContext context, CancellationToken cancellationToken);

    internal override Task ExecuteAsync(MigrationContext context, CancellationToken cancellationToken) => MigrateAsync(context, cancellationToken);
}
