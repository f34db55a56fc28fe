using Horreum.Migrations.Engine;
using Horreum.Migrations.Registry;
using Horreum.TestKit;

namespace Horreum.Migrations.Tests.Engine;

/// <summary>A hand-written migration backs up through its context (the registry itself is read-only to users).</summary>
public sealed class ContextBackupTests(RedisFixture redis)
{
    [Fact]
    public async Task BaseMigration_backs_up_through_its_context_and_rolls_back_a_real_run_but_saves_nothing_in_a_dry_run()
    {
        var rig = EngineRig.Create(redis);
        var key = $"{rig.Ns}:a:b{{c}}:object";
        await redis.Db.HashSetAsync(key, "x:y", "\"old\"");
        var runner = rig.Runner(new SetWithBackup(key));

        var dry = await runner.RunAsync(new MigrationRunOptions { DryRun = true });
        Assert.True(dry.Succeeded);
        Assert.Empty(await runner.Registry.ListBackupsAsync(SetWithBackup.MigrationId));

        await runner.RunAsync(new MigrationRunOptions { DryRun = false });
        Assert.Equal("\"new\"", (string?)await redis.Db.HashGetAsync(key, "x:y"));
        Assert.Equal(
            [new FieldBackup(key, "added", null), new FieldBackup(key, "x:y", "\"old\"")],
            await runner.Registry.ListBackupsAsync(SetWithBackup.MigrationId));

        await runner.RollbackAsync(SetWithBackup.MigrationId, dryRun: false);
        Assert.Equal("\"old\"", (string?)await redis.Db.HashGetAsync(key, "x:y"));
        Assert.False(await redis.Db.HashExistsAsync(key, "added"));
    }

    private sealed class SetWithBackup(string key) : BaseMigration
    {
        public const string MigrationId = "20250104_000000_set_with_backup";
        public override string Id => MigrationId;
        public override bool IsReversible => true;
        public override Task DownAsync(MigrationContext context, CancellationToken cancellationToken) => Task.CompletedTask;

        protected override async Task MigrateAsync(MigrationContext context, CancellationToken cancellationToken)
        {
            var old = (string?)await context.Database.HashGetAsync(key, "x:y");
            await context.BackupFieldsAsync([new FieldBackup(key, "x:y", old), new FieldBackup(key, "added", null)], cancellationToken);
            await context.WriteAsync($"HSET {key}", db => db.HashSetAsync(key, [new("x:y", "\"new\""), new("added", "1")]), cancellationToken);
        }
    }
}
