using Horreum.Migrations.Engine;
using Horreum.TestKit;

namespace Horreum.Migrations.Tests.Engine;

[CollectionDefinition(nameof(WholeServerDigest), DisableParallelization = true)]
public sealed class WholeServerDigest;

/// <summary>Runs alone, so DEBUG DIGEST of the whole server is meaningful.</summary>
[Collection(nameof(WholeServerDigest))]
public sealed class WholeServerDigestTests(RedisFixture redis)
{
    [Fact]
    public async Task Dry_runs_of_every_kind_leave_DEBUG_DIGEST_unchanged()
    {
        var rig = EngineRig.Create(redis);
        await rig.SeedAsync(1_000);
        var log = new List<string>();
        var runner = rig.Runner(new ActivateYoung(), new DeriveEmail(), new MarkerMigration("20250104_000000_marker", rig.Ns, log));
        var before = await redis.DigestAsync();

        var dry = await runner.RunAsync();

        Assert.Equal(before, await redis.DigestAsync());
        Assert.Equal(3, dry.Migrations.Count);
        Assert.All(dry.Migrations, m => Assert.Equal(MigrationState.WouldApply, m.Outcome));
        Assert.Equal(1_000, dry.Migrations.Single(m => m.Id.EndsWith("derive_email", StringComparison.Ordinal)).Modified);
        Assert.True(dry.Migrations.Single(m => m.Id.EndsWith("activate_young", StringComparison.Ordinal)).Modified > 0);
    }
}
