using Horreum.Migrations.Builtin;
using Horreum.Migrations.Engine;
using Horreum.Orm.Modeling;
using Horreum.TestKit;

namespace Horreum.Migrations.Tests.Engine;

public sealed class Gauge
{
    [Identifier] public string Id { get; set; } = "";
    public int Low { get; set; }
    public int High { get; set; }
}

internal sealed class GaugeUpgrade : SerializerUpgradeMigration<Gauge>
{
    public override string Id => "20250601_000000_gauge_v1_to_v2";
}

public sealed class ErrorCountTests(RedisFixture redis)
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_failed_run_counts_records_not_fields_and_lists_each_key_once(bool dryRun)
    {
        var rig = EngineRig.Create(redis);
        for (var i = 0; i < 4; i++)
        {
            await redis.Db.HashSetAsync($"{rig.Ns}:gauge:g{i}:object", [new("id", $"g{i}"), new("low", "1"), new("high", "2")]);
        }
        // g4 has two bad fields, g5 one: two records failed, not three.
        await redis.Db.HashSetAsync($"{rig.Ns}:gauge:g4:object", [new("id", "g4"), new("low", "x"), new("high", "y")]);
        await redis.Db.HashSetAsync($"{rig.Ns}:gauge:g5:object", [new("id", "g5"), new("low", "z"), new("high", "3")]);

        var result = Assert.Single((await rig.Runner(new GaugeUpgrade()).RunAsync(new MigrationRunOptions { DryRun = dryRun })).Migrations);

        Assert.Equal(MigrationState.Failed, result.Outcome);
        Assert.Equal(2, result.Errors);
        string[] failed = [$"{rig.Ns}:gauge:g4:object", $"{rig.Ns}:gauge:g5:object"];
        Assert.Equal(failed, result.ErrorSamples.Select(e => e.Key).Order(StringComparer.Ordinal));
        Assert.StartsWith("2 record(s) failed", result.Error, StringComparison.Ordinal);
        foreach (var key in failed)
        {
            Assert.Single(System.Text.RegularExpressions.Regex.Matches(result.Error!, System.Text.RegularExpressions.Regex.Escape(key)));
        }
        // The sample of a record with two bad fields names both.
        var g4 = result.ErrorSamples.Single(e => e.Key == failed[0]);
        Assert.Contains("'low'", g4.Message, StringComparison.Ordinal);
        Assert.Contains("'high'", g4.Message, StringComparison.Ordinal);
    }
}
