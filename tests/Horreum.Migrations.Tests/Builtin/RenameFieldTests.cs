using Horreum.Migrations.Builtin;
using Horreum.Migrations.Engine;
using Horreum.Migrations.Tests.Engine;
using Horreum.TestKit;
using StackExchange.Redis;
using SyncProgress = Horreum.Migrations.Tests.Safety.SyncProgress;

namespace Horreum.Migrations.Tests.Builtin;

/// <summary>Person's <c>name</c> was stored as <c>full_name</c> by an older app.</summary>
internal sealed class RenameFullName(string id = "20250601_000000_rename_full_name") : RenameFieldMigration<Person>
{
    public override string Id => id;
    protected override string OldField => "full_name";
    protected override string NewField => "name";
}

/// <summary>The built-in rename runs on the record pass: progress, checkpoints, throttle, dry run and record errors as every kind.</summary>
public sealed class RenameFieldTests(RedisFixture redis)
{
    private async Task SeedOldAsync(EngineRig rig, int count)
    {
        var repository = rig.Client.Repository<Person>();
        var batch = redis.Db.CreateBatch();
        var writes = Enumerable.Range(0, count)
            .Select(i => batch.HashSetAsync(repository.KeyFor($"p{i}"), [new HashEntry("id", $"\"p{i}\""), new HashEntry("full_name", $"\"Name {i}\""), new HashEntry("age", i.ToString(System.Globalization.CultureInfo.InvariantCulture))]))
            .ToArray();
        batch.Execute();
        await Task.WhenAll(writes);
    }

    [Fact]
    public async Task Rename_moves_the_stored_bytes_on_every_record_reporting_progress_and_counting_each_record_once()
    {
        var rig = EngineRig.Create(redis);
        await SeedOldAsync(rig, 3_000);
        var events = new List<MigrationProgress>();
        var runner = rig.Runner(new RenameFullName());

        var preview = Assert.Single((await runner.RunAsync(new MigrationRunOptions { DryRun = true }, TestContext.Current.CancellationToken)).Migrations);
        Assert.Equal(3_000, preview.Modified);
        Assert.True(await redis.Db.HashExistsAsync(rig.Client.Repository<Person>().KeyFor("p7"), "full_name"));

        var run = Assert.Single((await runner.RunAsync(new MigrationRunOptions { DryRun = false, Progress = new SyncProgress(events.Add) }, TestContext.Current.CancellationToken)).Migrations);

        Assert.Equal(MigrationState.Applied, run.Outcome);
        Assert.Equal(3_000, run.Modified);
        Assert.True(events.Count >= 2, $"{events.Count} progress events over 3,000 records in pages of 500");
        Assert.Equal(3_000, events[^1].Processed);
        var people = await rig.Client.Repository<Person>().LoadManyAsync(Enumerable.Range(0, 3_000).Select(i => (object)$"p{i}"), TestContext.Current.CancellationToken);
        Assert.All(people.Select((p, i) => (p, i)), x => Assert.Equal($"Name {x.i}", x.p!.Name));
        Assert.False(await redis.Db.HashExistsAsync(rig.Client.Repository<Person>().KeyFor("p7"), "full_name"));

        // Run again under another id: every record is done, so nothing is written or counted.
        var again = Assert.Single((await rig.Runner(new RenameFullName("20250601_000001_rename_again")).RunAsync(new MigrationRunOptions { DryRun = false }, TestContext.Current.CancellationToken)).Migrations);
        Assert.Equal(3_000, again.Scanned);
        Assert.Equal(0, again.Modified);
    }

    [Fact]
    public async Task Record_holding_both_fields_is_an_error_naming_its_key_and_nothing_of_it_is_written()
    {
        var rig = EngineRig.Create(redis);
        await SeedOldAsync(rig, 10);
        var both = rig.Client.Repository<Person>().KeyFor("p3");
        await redis.Db.HashSetAsync(both, "name", "\"Newer\"");

        var result = Assert.Single((await rig.Runner(new RenameFullName()).RunAsync(new MigrationRunOptions { DryRun = false }, TestContext.Current.CancellationToken)).Migrations);

        Assert.Equal(MigrationState.Failed, result.Outcome);
        Assert.Equal(1, result.Errors);
        var error = Assert.Single(result.ErrorSamples);
        Assert.Equal(both, error.Key);
        Assert.Contains("full_name", error.Message, StringComparison.Ordinal);
        Assert.Equal("\"Name 3\"", (string?)await redis.Db.HashGetAsync(both, "full_name"));
        Assert.Equal("\"Newer\"", (string?)await redis.Db.HashGetAsync(both, "name"));
    }

    [Fact]
    public async Task Interrupted_rename_resumes_from_its_checkpoint_and_rollback_renames_back()
    {
        var rig = EngineRig.Create(redis);
        rig.Options.CheckpointEvery = 1_000;
        await SeedOldAsync(rig, 6_000);
        using var stop = new CancellationTokenSource();
        var pages = 0;
        var interrupted = new MigrationRunOptions { DryRun = false, Progress = new SyncProgress(_ => { if (++pages == 5) { stop.Cancel(); } }) };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => rig.Runner(new RenameFullName()).RunAsync(interrupted, stop.Token));
        var runner = rig.Runner(new RenameFullName());
        Assert.NotNull(await runner.Registry.GetCheckpointAsync("20250601_000000_rename_full_name", TestContext.Current.CancellationToken));
        var run = Assert.Single((await runner.RunAsync(new MigrationRunOptions { DryRun = false }, TestContext.Current.CancellationToken)).Migrations);

        Assert.True(run.Resumed);
        Assert.Equal(6_000, run.Modified);
        Assert.Equal(6_000, (await runner.Registry.GetAsync(run.Id, TestContext.Current.CancellationToken))!.Modified);

        await runner.RollbackAsync("20250601_000000_rename_full_name", dryRun: false, TestContext.Current.CancellationToken);

        var key = rig.Client.Repository<Person>().KeyFor("p4321");
        Assert.Equal("\"Name 4321\"", (string?)await redis.Db.HashGetAsync(key, "full_name"));
        Assert.False(await redis.Db.HashExistsAsync(key, "name"));
    }

    [Fact]
    public async Task Throttled_rename_keeps_the_limit()
    {
        var rig = EngineRig.Create(redis);
        await SeedOldAsync(rig, 2_000);
        var events = new List<MigrationProgress>();
        const double max = 4_000;

        await rig.Runner(new RenameFullName()).RunAsync(new MigrationRunOptions { DryRun = false, MaxRecordsPerSecond = max, Progress = new SyncProgress(events.Add) }, TestContext.Current.CancellationToken);

        Assert.True(events.Count >= 2, $"{events.Count} progress events");
        Assert.All(events, e => Assert.True(e.Elapsed.TotalSeconds >= e.Processed / max, $"{e.Processed} records after {e.Elapsed.TotalMilliseconds:N0} ms"));
    }
}
