using Horreum.Migrations.Engine;
using Horreum.Migrations.Registry;
using Horreum.Migrations.Tests.Engine;
using Horreum.TestKit;

namespace Horreum.Migrations.Tests.Discovery;

public sealed class LegacyChecksumTests(RedisFixture redis)
{
    [Fact]
    public async Task A_token_based_checksum_from_an_older_version_is_not_reported_as_changed_and_repair_restamps_it()
    {
        var rig = EngineRig.Create(redis);
        var migration = new ActivateYoung();
        var runner = rig.Runner(migration);
        await ((RedisMigrationRegistry)runner.Registry).History.RecordAppliedAsync(migration.Id, new MigrationRunSummary { Duration = TimeSpan.FromMilliseconds(5), Checksum = "80800fc27cc1ed20" });

        Assert.False(Assert.Single(await runner.StatusAsync()).ChecksumChanged);
        Assert.Empty(await runner.ValidateAsync());

        var repair = await runner.RepairAsync();
        Assert.Equal(migration.ComputeChecksum(), Assert.Single(repair.Restamped).NewChecksum);
        Assert.StartsWith("il2-", (await runner.Registry.GetAsync(migration.Id))!.Checksum, StringComparison.Ordinal);
    }
}
