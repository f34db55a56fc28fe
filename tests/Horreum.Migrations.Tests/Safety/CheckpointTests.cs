using Horreum.Migrations.Engine;
using Horreum.Migrations.Registry;
using Horreum.Migrations.Planning;
using Horreum.Migrations.Tests.Engine;
using Horreum.TestKit;

namespace Horreum.Migrations.Tests.Safety;

public sealed class CheckpointTests(RedisFixture redis)
{
    [Fact]
    public async Task RunAsync_after_an_interrupted_pipeline_run_resumes_from_its_checkpoint_and_counts_each_record_once()
    {
        var rig = EngineRig.Create(redis);
        rig.Options.CheckpointEvery = 1000;
        await rig.SeedAsync(6_000);
        var expected = Enumerable.Range(0, 6_000).Count(i => i % 90 < 50);
        using var stop = new CancellationTokenSource();
        var pages = 0;
        var interrupted = new MigrationRunOptions { DryRun = false, Progress = new SyncProgress(_ => { if (++pages == 5) { stop.Cancel(); } }) };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => rig.Runner(new ActivateYoung()).RunAsync(interrupted, stop.Token));
        var runner = rig.Runner(new ActivateYoung());
        var checkpoint = await runner.Registry.GetCheckpointAsync("20250101_000000_activate_young", TestContext.Current.CancellationToken);
        Assert.NotNull(checkpoint);
        Assert.NotEqual("0", checkpoint.Cursor);

        var run = await runner.RunAsync(new MigrationRunOptions { DryRun = false }, TestContext.Current.CancellationToken);

        var result = Assert.Single(run.Migrations);
        Assert.Equal(MigrationState.Applied, result.Outcome);
        Assert.True(result.Resumed);
        Assert.Equal(checkpoint.Cursor, result.ResumedFrom!.Cursor);
        Assert.Equal(expected, result.Modified);
        Assert.Equal(expected, (await runner.Registry.GetAsync(result.Id, TestContext.Current.CancellationToken))!.Modified);
        Assert.Null(await runner.Registry.GetCheckpointAsync(result.Id, TestContext.Current.CancellationToken));
        var people = await rig.Client.Repository<Person>().LoadManyAsync(Enumerable.Range(0, 6_000).Select(i => (object)$"p{i}"), TestContext.Current.CancellationToken);
        Assert.All(people, p => Assert.Equal(p!.Age < 50 ? "active" : null, p.Status));
    }

    [Fact]
    public async Task RunAsync_counts_journaled_changes_of_a_killed_page_once_even_when_they_landed()
    {
        var rig = EngineRig.Create(redis);
        await rig.SeedAsync(1_000);
        var runner = rig.Runner(new ActivateYoung());
        const string id = "20250101_000000_activate_young";
        // What a kill between a page's journal and its checkpoint leaves: p1 journaled and written, p2 journaled only.
        await ((RedisMigrationRegistry)runner.Registry).Checkpoints.JournalChangesAsync(id, [new(rig.Client.Repository<Person>().KeyFor("p1"), 1), new(rig.Client.Repository<Person>().KeyFor("p2"), 1)], TestContext.Current.CancellationToken);
        await rig.Client.Repository<Person>().SaveAsync(new Person { Id = "p1", Name = "Name 1", Age = 1, Status = "active" }, TestContext.Current.CancellationToken);

        var result = Assert.Single((await runner.RunAsync(new MigrationRunOptions { DryRun = false }, TestContext.Current.CancellationToken)).Migrations);

        Assert.True(result.Resumed);
        Assert.Equal(Enumerable.Range(0, 1_000).Count(i => i % 90 < 50), result.Modified);
        Assert.Equal("\"active\"", (string?)await redis.Db.HashGetAsync(rig.Client.Repository<Person>().KeyFor("p2"), "status"));
    }

    [Fact]
    public async Task Checkpoint_of_changed_code_is_discarded_and_the_run_starts_over()
    {
        var rig = EngineRig.Create(redis);
        await rig.SeedAsync(100);
        var runner = rig.Runner(new ActivateYoung());
        const string id = "20250101_000000_activate_young";
        await ((RedisMigrationRegistry)runner.Registry).Checkpoints.SaveCheckpointAsync(id, new MigrationCheckpoint { Cursor = "12345", Scanned = 99, Checksum = "0000000000000000" }, TestContext.Current.CancellationToken);

        var result = Assert.Single((await runner.RunAsync(new MigrationRunOptions { DryRun = false }, TestContext.Current.CancellationToken)).Migrations);

        Assert.False(result.Resumed);
        Assert.Equal(100, result.Scanned);
    }

    [Fact]
    public async Task RunAsync_reports_progress_with_total_rate_and_eta_ending_at_the_total()
    {
        var rig = EngineRig.Create(redis);
        await rig.SeedAsync(2_000);
        var events = new List<MigrationProgress>();

        await rig.Runner(new ActivateYoung()).RunAsync(new MigrationRunOptions { DryRun = false, Progress = new SyncProgress(events.Add) }, TestContext.Current.CancellationToken);

        Assert.True(events.Count >= 2, $"{events.Count} progress events"); // one per SCAN page; page sizes vary with the keyspace
        Assert.All(events, e => Assert.Equal(2_000, e.EstimatedTotal));
        Assert.Equal(events.Select(e => e.Processed).Order(), events.Select(e => e.Processed));
        Assert.Equal(2_000, events[^1].Processed);
        Assert.Equal(TimeSpan.Zero, events[^1].EstimatedRemaining);
        Assert.All(events, e => Assert.True(e.RecordsPerSecond > 0));
        Assert.Equal(1.0, events[^1].Fraction);
    }

    [Fact]
    public async Task A_throttled_run_reports_the_rate_it_keeps_never_more_than_the_limit()
    {
        // The dashboard shows these figures while a throttled run goes on: a page read at full speed must not be
        // reported as the run's rate (with an ETA to match) before the throttle's pause has been taken.
        var rig = EngineRig.Create(redis);
        await rig.SeedAsync(2_000);
        var events = new List<MigrationProgress>();
        const double max = 4_000;

        await rig.Runner(new ActivateYoung()).RunAsync(new MigrationRunOptions { DryRun = false, MaxRecordsPerSecond = max, Progress = new SyncProgress(events.Add) }, TestContext.Current.CancellationToken);

        Assert.True(events.Count >= 2, $"{events.Count} progress events");
        Assert.All(events, e => Assert.True(e.RecordsPerSecond <= max, $"{e.Processed} records: reported {e.RecordsPerSecond:N0} records/s over a limit of {max:N0}"));
        Assert.All(events, e => Assert.True(e.Elapsed.TotalSeconds >= e.Processed / max, $"{e.Processed} records after {e.Elapsed.TotalMilliseconds:N0} ms"));
    }

    [Fact]
    public async Task RepairAsync_restamps_the_checksum_of_an_edited_applied_migration_and_validate_is_clean_again()
    {
        var rig = EngineRig.Create(redis);
        await rig.Runner(new EditedMigrationV1()).RunAsync(new MigrationRunOptions { DryRun = false }, TestContext.Current.CancellationToken);
        var edited = rig.Runner(new EditedMigrationV2());

        var problem = Assert.Single(await edited.ValidateAsync(TestContext.Current.CancellationToken));
        Assert.Equal(MigrationProblemKind.ChecksumChanged, problem.Kind);
        var repair = await edited.RepairAsync(TestContext.Current.CancellationToken);

        var restamped = Assert.Single(repair.Restamped);
        Assert.Equal(new EditedMigrationV1().ComputeChecksum(), restamped.OldChecksum);
        Assert.Equal(new EditedMigrationV2().ComputeChecksum(), restamped.NewChecksum);
        Assert.Empty(await edited.ValidateAsync(TestContext.Current.CancellationToken));
        Assert.Empty((await edited.RepairAsync(TestContext.Current.CancellationToken)).Restamped);
        var record = await edited.Registry.GetAsync("20250401_000000_edited", TestContext.Current.CancellationToken);
        Assert.Equal(MigrationState.Applied, record!.Status);
        Assert.Contains(await edited.Registry.GetHistoryAsync(10, TestContext.Current.CancellationToken), e => e.Detail?.StartsWith("repair:", StringComparison.Ordinal) == true);
    }
}
