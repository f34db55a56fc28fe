using Horreum.Migrations;
using Horreum.Migrations.Engine;

namespace Horreum.Cli.Tests.Fixtures;

/// <summary>A reversible migration whose down step throws an exception no layer expects.</summary>
public sealed class DownThrows : BaseMigration
{
    public const string MigrationId = "20250301_000100_down_throws";

    public override string Id => MigrationId;

    public override bool IsReversible => true;

    protected override Task MigrateAsync(MigrationContext context, CancellationToken cancellationToken) => Task.CompletedTask;

    public override Task DownAsync(MigrationContext context, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("the down step is broken");
}
