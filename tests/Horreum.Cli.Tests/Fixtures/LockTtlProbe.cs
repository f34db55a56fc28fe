using Horreum.Migrations;
using Horreum.Migrations.Engine;

namespace Horreum.Cli.Tests.Fixtures;

/// <summary>Reports the remaining TTL of the runner lock while it runs (stat <c>lock.ttl_s</c>).</summary>
public sealed class LockTtlProbe : BaseMigration
{
    public const string MigrationId = "20250301_000200_lock_ttl_probe";

    public override string Id => MigrationId;

    protected override async Task MigrateAsync(MigrationContext context, CancellationToken cancellationToken)
    {
        var ttl = await context.Database.KeyTimeToLiveAsync(context.Registry.Keys.Lock);
        context.TrackStat("lock.ttl_s", (long)Math.Round(ttl?.TotalSeconds ?? -1, MidpointRounding.AwayFromZero));
    }
}
