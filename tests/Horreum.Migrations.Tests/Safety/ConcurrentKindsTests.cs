using Horreum.Migrations.Engine;
using Horreum.Migrations.FaultHost;
using Horreum.Orm;
using Horreum.TestKit;
using StackExchange.Redis;

namespace Horreum.Migrations.Tests.Safety;

/// <summary>
/// Three runners started together on the same pending migration, for every kind: one applies it, the others wait
/// for the lock and then find it done; every record is migrated once and the history has one application.
/// </summary>
public sealed class ConcurrentKindsTests(RedisFixture redis)
{
    private const int Records = 3_000;

    public static TheoryData<FaultKind> Kinds => new(Enum.GetValues<FaultKind>());

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Three_runners_started_together_migrate_every_record_once(FaultKind kind)
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = RedisFixture.Prefix() + "_" + kind;
        var client = new HorreumClient(redis.Multiplexer, new HorreumOptions { KeyNamespace = ns });
        var repository = client.Repository<FaultRecord>();
        if (kind == FaultKind.SerializerUpgrade)
        {
            var batch = redis.Db.CreateBatch();
            var writes = Enumerable.Range(0, Records).Select(i => batch.HashSetAsync(repository.KeyFor("f" + i), [new HashEntry("id", "f" + i), new HashEntry("status", "seed"), new HashEntry("stamp", "seed")])).ToArray();
            batch.Execute();
            await Task.WhenAll(writes);
        }
        else
        {
            await repository.SaveManyAsync(Enumerable.Range(0, Records).Select(i => new FaultRecord { Id = "f" + i, Status = "seed", Stamp = "seed" }), ct);
        }
        const int round = 1;
        var migration = FaultMigrations.For(round, kind);

        var runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() =>
        {
            var options = new MigrationRunnerOptions();
            options.Registry.Prefix = ns + ":migrations";
            options.Lock.WaitTimeout = Timeout.InfiniteTimeSpan;
            return new MigrationRunner(client, [FaultMigrations.For(round, kind)], options).RunAsync(new MigrationRunOptions { DryRun = false }, ct);
        }, ct)));

        Assert.All(runs, r => Assert.True(r.Succeeded));
        var applied = Assert.Single(runs.SelectMany(r => r.Migrations));
        Assert.Equal(MigrationState.Applied, applied.Outcome);
        Assert.Equal(Records, applied.Modified);
        var reader = new MigrationRunner(client, [migration], new MigrationRunnerOptions { Registry = { Prefix = ns + ":migrations" } });
        var history = await reader.Registry.GetHistoryAsync(100, ct);
        Assert.Single(history, e => e.MigrationId == migration.Id && e.Status == MigrationState.Applied);
        var (field, value) = kind switch
        {
            FaultKind.SerializerUpgrade => ("stamp", "\"seed\""),
            FaultKind.RenameField => ("legacy_stamp", "\"seed\""),
            FaultKind.StampTyped or FaultKind.StampBytes => ("status", $"\"{FaultMigrations.Target(round)}\""),  // the stamp names the process
            _ => ("stamp", $"\"{FaultMigrations.Target(round)}\""),
        };
        var keys = Enumerable.Range(0, Records).Select(i => (RedisKey)repository.KeyFor("f" + i)).ToArray();
        var values = await Task.WhenAll(keys.Select(k => redis.Db.HashGetAsync(k, field)));
        Assert.All(values, v => Assert.Equal(value, (string?)v));
    }
}
