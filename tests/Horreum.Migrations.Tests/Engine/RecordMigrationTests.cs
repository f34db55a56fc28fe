using Horreum.Migrations.Engine;
using Horreum.Migrations.Registry;
using Horreum.TestKit;

namespace Horreum.Migrations.Tests.Engine;

public sealed class RecordMigrationTests(RedisFixture redis)
{
    [Fact]
    public async Task Model_migration_with_3_corrupt_records_fails_listing_them_and_migrates_the_rest()
    {
        var rig = EngineRig.Create(redis);
        await rig.SeedAsync(10_000);
        var corrupt = new[] { "p17", "p4242", "p9999" };
        foreach (var id in corrupt)
        {
            await redis.Db.HashSetAsync($"{rig.Ns}:person:{id}:object", "age", "{not json");
        }

        var runner = rig.Runner(new DeriveEmail());
        var run = await runner.RunAsync(new MigrationRunOptions { DryRun = false });

        var result = Assert.Single(run.Migrations);
        Assert.Equal(MigrationState.Failed, result.Outcome);
        Assert.Equal(3, result.Errors);
        Assert.Equal(corrupt.Select(id => $"{rig.Ns}:person:{id}:object").Order(), result.ErrorSamples.Select(e => e.Key).Order());
        Assert.Equal(10_000, result.Scanned);
        Assert.Equal(9_997, result.Modified);
        Assert.Equal(MigrationState.Failed, (await runner.Registry.GetAsync(result.Id))!.Status);
        Assert.Equal("\"p5@example.test\"", (string?)await redis.Db.HashGetAsync($"{rig.Ns}:person:p5:object", "email"));
        Assert.Equal("{not json", (string?)await redis.Db.HashGetAsync($"{rig.Ns}:person:p17:object", "age"));

        // The same data under a policy that allows 3 errors: applied.
        var tolerant = rig.Runner(new DeriveEmail(maxErrors: 3));
        var again = await tolerant.RunAsync(new MigrationRunOptions { DryRun = false });
        Assert.Equal(MigrationState.Applied, again.Migrations[0].Outcome);
        Assert.Equal(3, again.Migrations[0].Errors);
        Assert.Equal(MigrationState.Applied, (await tolerant.Registry.GetAsync(again.Migrations[0].Id))!.Status);
    }

    [Fact]
    public async Task Pipeline_dry_run_counts_exactly_what_the_real_run_changes_and_writes_nothing()
    {
        var rig = EngineRig.Create(redis);
        await rig.SeedAsync(2_345);
        var runner = rig.Runner(new ActivateYoung());
        var before = await redis.DigestAsync(rig.Ns);

        var dry = (await runner.RunAsync()).Migrations[0];
        Assert.Equal(before, await redis.DigestAsync(rig.Ns));
        var run = (await runner.RunAsync(new MigrationRunOptions { DryRun = false })).Migrations[0];

        var expected = Enumerable.Range(0, 2_345).Count(i => i % 90 < 50);
        Assert.Equal(MigrationState.WouldApply, dry.Outcome);
        Assert.Equal(expected, dry.Modified);
        Assert.Equal(dry.Modified, run.Modified);
        Assert.Equal(dry.FieldsChanged, run.FieldsChanged);
        Assert.Equal(2_345, run.Scanned);
        var people = await rig.Client.Repository<Person>().LoadManyAsync(Enumerable.Range(0, 2_345).Select(i => (object)$"p{i}"));
        Assert.All(people, p => Assert.Equal(p!.Age < 50 ? "active" : null, p.Status));
        Assert.Equal("\"active\"", (string?)await redis.Db.HashGetAsync($"{rig.Ns}:person:p1:object", "status"));
    }

    [Fact]
    public async Task Pipeline_rollback_restores_every_original_value()
    {
        var rig = EngineRig.Create(redis);
        await rig.SeedAsync(300, i => new Person { Id = $"p{i}", Age = i % 90, Status = i % 3 == 0 ? null : $"s{i}" });
        var before = await redis.DigestAsync(rig.Ns + ":person");
        var runner = rig.Runner(new ActivateYoung());
        await runner.RunAsync(new MigrationRunOptions { DryRun = false });
        Assert.NotEqual(before, await redis.DigestAsync(rig.Ns + ":person"));

        var rollback = await runner.RollbackAsync("20250101_000000_activate_young", dryRun: false);
        Assert.True(rollback.FieldsRestored + rollback.FieldsDeleted > 0);
        Assert.Equal(before, await redis.DigestAsync(rig.Ns + ":person"));
        Assert.Equal(MigrationState.RolledBack, (await runner.Registry.GetAsync("20250101_000000_activate_young"))!.Status);
    }

    [Fact]
    public async Task Rollback_of_backup_and_modify_field_restores_keys_with_colons_and_braces()
    {
        var rig = EngineRig.Create(redis);
        var key = $"{rig.Ns}:a:b{{c}}:object";
        await redis.Db.HashSetAsync(key, [new("x:y", "\"old\""), new("plain", "1")]);
        var runner = rig.Runner(new BackupAndModify(key));

        await runner.RunAsync(new MigrationRunOptions { DryRun = false });
        Assert.Equal("\"new\"", (string?)await redis.Db.HashGetAsync(key, "x:y"));
        Assert.Equal("\"created\"", (string?)await redis.Db.HashGetAsync(key, "fresh"));

        await runner.RollbackAsync(BackupAndModify.MigrationId, dryRun: false);
        Assert.Equal("\"old\"", (string?)await redis.Db.HashGetAsync(key, "x:y"));
        Assert.False(await redis.Db.HashExistsAsync(key, "fresh"), "a field that did not exist is removed again");
        Assert.Equal("1", (string?)await redis.Db.HashGetAsync(key, "plain"));
    }

    private sealed class BackupAndModify(string key) : BaseMigration
    {
        public const string MigrationId = "20250103_000000_backup_and_modify";
        public override string Id => MigrationId;
        public override bool IsReversible => true;
        public override Task DownAsync(MigrationContext context, CancellationToken cancellationToken) => Task.CompletedTask;

        protected override async Task MigrateAsync(MigrationContext context, CancellationToken cancellationToken)
        {
            var backupKey = context.Registry.Keys.Backup(Id);
            await context.WriteAsync($"backup_and_modify_field {key} x:y", db => context.Lua.BackupAndModifyFieldAsync(db, key, "x:y", "\"new\"", backupKey, cancellationToken: cancellationToken), cancellationToken);
            await context.WriteAsync($"backup_and_modify_field {key} fresh", db => context.Lua.BackupAndModifyFieldAsync(db, key, "fresh", "\"created\"", backupKey, cancellationToken: cancellationToken), cancellationToken);
        }
    }
}
