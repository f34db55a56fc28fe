using Horreum.Migrations.Engine;
using Horreum.Migrations.Planning;
using Horreum.Migrations.Registry;
using Horreum.TestKit;

namespace Horreum.Migrations.Tests.Engine;

public sealed class RunnerTests(RedisFixture redis)
{
    private const string A = "20250101_000000_a";
    private const string B = "20250101_000001_b";
    private const string C = "20250101_000002_c";

    [Fact]
    public async Task Chain_dry_run_sees_pending_dependencies_as_satisfied_and_writes_nothing()
    {
        var rig = EngineRig.Create(redis);
        var log = new List<string>();
        var runner = rig.Runner(new MarkerMigration(C, rig.Ns, log, B), new MarkerMigration(A, rig.Ns, log), new MarkerMigration(B, rig.Ns, log, A));
        await rig.SeedAsync(3);
        var before = await redis.DigestAsync(rig.Ns);

        var dry = await runner.RunAsync();

        Assert.True(dry.DryRun);
        Assert.True(dry.Succeeded, string.Join("; ", dry.Migrations.Select(m => m.Error)));
        Assert.Equal([A, B, C], dry.Migrations.Select(m => m.Id));
        Assert.All(dry.Migrations, m => Assert.Equal(MigrationState.WouldApply, m.Outcome));
        Assert.Equal($"SET {rig.Ns}:marker:{B}", Assert.Single(dry.Migrations[1].PlannedWrites));
        Assert.Equal(before, await redis.DigestAsync(rig.Ns));
    }

    [Fact]
    public async Task Chain_real_run_applies_in_order_records_real_figures_and_a_second_run_does_nothing()
    {
        var rig = EngineRig.Create(redis);
        var log = new List<string>();
        var runner = rig.Runner(new MarkerMigration(C, rig.Ns, log, B), new MarkerMigration(B, rig.Ns, log, A), new MarkerMigration(A, rig.Ns, log));

        var run = await runner.RunAsync(new MigrationRunOptions { DryRun = false });

        Assert.True(run.Succeeded);
        Assert.Equal([A, B, C], log);
        Assert.All(run.Migrations, m => Assert.Equal(MigrationState.Applied, m.Outcome));
        foreach (var id in new[] { A, B, C })
        {
            var record = await runner.Registry.GetAsync(id);
            Assert.Equal(MigrationState.Applied, record!.Status);
            Assert.True(record.DurationMs > 0, "duration is measured, never 0");
            Assert.Equal(1, record.Modified);
            Assert.Equal(1, record.Stats["markers"]);
            Assert.NotNull(record.Checksum);
            Assert.True(await redis.Db.KeyExistsAsync($"{rig.Ns}:marker:{id}"));
        }

        var again = await runner.RunAsync(new MigrationRunOptions { DryRun = false });
        Assert.Empty(again.Migrations);
        Assert.Equal([A, B, C], log);
        Assert.All(await runner.StatusAsync(), s => Assert.Equal(MigrationState.Applied, s.State));
    }

    [Fact]
    public async Task Limit_and_only_select_pending_migrations()
    {
        var rig = EngineRig.Create(redis);
        var log = new List<string>();
        var runner = rig.Runner(new MarkerMigration(A, rig.Ns, log), new MarkerMigration(B, rig.Ns, log, A), new MarkerMigration(C, rig.Ns, log));

        var onlyB = await runner.RunAsync(new MigrationRunOptions { DryRun = false, Only = B });
        Assert.Equal(MigrationState.Failed, Assert.Single(onlyB.Migrations).Outcome);
        Assert.Contains(A, onlyB.Migrations[0].Error, StringComparison.Ordinal);
        Assert.Null(await runner.Registry.GetAsync(B)); // never started, so nothing is recorded for it
        Assert.Empty(log);

        var first = await runner.RunAsync(new MigrationRunOptions { DryRun = false, Limit = 1 });
        Assert.Equal([A], first.Migrations.Select(m => m.Id));
        var onlyC = await runner.RunAsync(new MigrationRunOptions { DryRun = false, Only = C });
        Assert.Equal([C], onlyC.Migrations.Select(m => m.Id));
        await Assert.ThrowsAsync<MigrationNotFoundException>(() => runner.RunAsync(new MigrationRunOptions { Only = "20990101_000000_nope" }));
    }

    [Fact]
    public async Task Failure_is_recorded_failed_and_stops_the_run()
    {
        var rig = EngineRig.Create(redis);
        var log = new List<string>();
        var runner = rig.Runner(new Throwing(A), new MarkerMigration(B, rig.Ns, log, A));
        var run = await runner.RunAsync(new MigrationRunOptions { DryRun = false });
        Assert.False(run.Succeeded);
        Assert.Equal([A], run.Migrations.Select(m => m.Id));
        Assert.Contains("boom", run.Migrations[0].Error, StringComparison.Ordinal);
        var record = await runner.Registry.GetAsync(A);
        Assert.Equal(MigrationState.Failed, record!.Status);
        Assert.Contains("boom", record.Error, StringComparison.Ordinal);
        Assert.Empty(log);
        Assert.Equal(MigrationState.Failed, (await runner.StatusAsync())[0].State);
    }

    [Fact]
    public async Task Not_needed_is_recorded_not_applicable_with_its_reason()
    {
        var rig = EngineRig.Create(redis);
        var runner = rig.Runner(new NotNeeded(A));
        var dry = await runner.RunAsync();
        Assert.Equal(MigrationState.WouldSkip, dry.Migrations[0].Outcome);
        Assert.Null(await runner.Registry.GetAsync(A));
        var run = await runner.RunAsync(new MigrationRunOptions { DryRun = false });
        Assert.Equal(MigrationState.NotApplicable, run.Migrations[0].Outcome);
        var record = await runner.Registry.GetAsync(A);
        Assert.Equal(MigrationState.NotApplicable, record!.Status);
        Assert.Equal("already there", record.Reason);
        Assert.True(record.DurationMs > 0);
    }

    [Fact]
    public async Task Validate_reports_missing_dependencies_cycles_and_self_references()
    {
        var rig = EngineRig.Create(redis);
        var log = new List<string>();
        var runner = rig.Runner(
            new MarkerMigration(A, rig.Ns, log, "20240101_000000_missing"),
            new MarkerMigration(B, rig.Ns, log, C),
            new MarkerMigration(C, rig.Ns, log, B),
            new MarkerMigration("20250101_000003_self", rig.Ns, log, "20250101_000003_self"));
        var problems = await runner.ValidateAsync();
        Assert.Contains(problems, p => p.Kind == MigrationProblemKind.MissingDependency && p.MigrationId == A);
        Assert.Contains(problems, p => p.Kind == MigrationProblemKind.Cycle && p.Related.Contains(B) && p.Related.Contains(C));
        Assert.Contains(problems, p => p.Kind == MigrationProblemKind.Cycle && p.MigrationId == "20250101_000003_self");
        await Assert.ThrowsAnyAsync<HorreumMigrationException>(() => runner.RunAsync());
    }

    [Fact]
    public async Task Validate_reports_changed_code_and_missing_code_of_applied_migrations()
    {
        var rig = EngineRig.Create(redis);
        var log = new List<string>();
        await rig.Runner(new MarkerMigration(A, rig.Ns, log), new Throwing(B, throws: false)).RunAsync(new MigrationRunOptions { DryRun = false });

        var problems = await rig.Runner(new MarkerMigration(A, rig.Ns, log)).ValidateAsync();
        Assert.Contains(problems, p => p.Kind == MigrationProblemKind.CodeMissing && p.MigrationId == B);

        // Same id, different code: the checksum no longer matches.
        var edited = await rig.Runner(new NotNeeded(A), new Throwing(B, throws: false)).ValidateAsync();
        Assert.Contains(edited, p => p.Kind == MigrationProblemKind.ChecksumChanged && p.MigrationId == A);
    }

    [Fact]
    public async Task Rollback_errors_are_distinct()
    {
        var rig = EngineRig.Create(redis);
        var log = new List<string>();
        var runner = rig.Runner(new MarkerMigration(A, rig.Ns, log), new MarkerMigration(B, rig.Ns, log, A), new Throwing(C, throws: false));
        await Assert.ThrowsAsync<MigrationNotFoundException>(() => runner.RollbackAsync("20990101_000000_nope"));
        await Assert.ThrowsAsync<MigrationNotAppliedException>(() => runner.RollbackAsync(A));
        await runner.RunAsync(new MigrationRunOptions { DryRun = false });
        await Assert.ThrowsAsync<MigrationHasDependentsException>(() => runner.RollbackAsync(A));
        await Assert.ThrowsAsync<MigrationNotReversibleException>(() => runner.RollbackAsync(C));

        var before = await redis.DigestAsync(rig.Ns);
        var preview = await runner.RollbackAsync(B);
        Assert.True(preview.DryRun);
        Assert.Equal([$"DEL {rig.Ns}:marker:{B}"], preview.PlannedWrites);
        Assert.Equal(before, await redis.DigestAsync(rig.Ns));

        await runner.RollbackAsync(B, dryRun: false);
        Assert.False(await redis.Db.KeyExistsAsync($"{rig.Ns}:marker:{B}"));
        Assert.Equal(MigrationState.RolledBack, (await runner.Registry.GetAsync(B))!.Status);
        await runner.RollbackAsync(A, dryRun: false);
        var status = await runner.StatusAsync();
        Assert.All(status.Where(s => s.Id != C), s => Assert.True(s.IsPending, s.Id));
        Assert.Equal(MigrationState.RolledBack, status.First(s => s.Id == B).State);
    }

    private sealed class Throwing(string id, bool throws = true) : BaseMigration
    {
        public override string Id => id;
        protected override Task MigrateAsync(MigrationContext context, CancellationToken cancellationToken) =>
            throws ? throw new InvalidOperationException("boom") : Task.CompletedTask;
    }

    private sealed class NotNeeded(string id) : BaseMigration
    {
        public override string Id => id;
        public override Task<Necessity> IsNeededAsync(MigrationContext context, CancellationToken cancellationToken) => Task.FromResult(Necessity.NotNeeded("already there"));
        protected override Task MigrateAsync(MigrationContext context, CancellationToken cancellationToken) => throw new InvalidOperationException("must not run");
    }
}
