using Horreum.Migrations.Engine;
using Horreum.Migrations.Registry;
using Horreum.Orm;
using Horreum.TestKit;
using StackExchange.Redis;

namespace Horreum.Migrations.Tests.Engine;

public sealed class ClusterMigrationTests
{
    [Fact]
    public async Task Pipeline_migration_runs_and_rolls_back_on_a_three_primary_cluster()
    {
        await using var cluster = await LocalRedisCluster.StartAsync();
        using var mux = await ConnectionMultiplexer.ConnectAsync(cluster.Configuration);
        var ns = RedisFixture.Prefix();
        var client = new HorreumClient(mux, new HorreumOptions { KeyNamespace = ns, BatchSize = 100 });
        var options = new MigrationRunnerOptions { CheckpointEvery = 100 };
        options.Registry.Prefix = ns + ":migrations";
        await client.Repository<Person>().SaveManyAsync(Enumerable.Range(0, 1_000).Select(i => new Person { Id = $"p{i}", Age = i % 90 }));
        var runner = new MigrationRunner(client, [new ActivateYoung()], options);

        var dry = (await runner.RunAsync()).Migrations[0];
        var run = (await runner.RunAsync(new MigrationRunOptions { DryRun = false })).Migrations[0];

        var expected = Enumerable.Range(0, 1_000).Count(i => i % 90 < 50);
        Assert.True(run.Outcome == MigrationState.Applied, run.Error);
        Assert.Equal(1_000, run.Scanned);
        Assert.Equal(expected, dry.Modified);
        Assert.Equal(expected, run.Modified);
        Assert.Equal(MigrationState.Applied, (await runner.Registry.GetAsync(run.Id))!.Status);
        var people = await client.Repository<Person>().LoadManyAsync(Enumerable.Range(0, 1_000).Select(i => (object)$"p{i}"));
        Assert.All(people, p => Assert.Equal(p!.Age < 50 ? "active" : null, p.Status));

        var rollback = await runner.RollbackAsync(run.Id, dryRun: false);
        Assert.Equal(expected, rollback.FieldsDeleted);
        people = await client.Repository<Person>().LoadManyAsync(Enumerable.Range(0, 1_000).Select(i => (object)$"p{i}"));
        Assert.All(people, p => Assert.Null(p!.Status));
        await mux.CloseAsync(allowCommandsToComplete: false);
    }
}
