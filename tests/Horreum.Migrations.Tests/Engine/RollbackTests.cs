using Horreum.Migrations.Engine;
using Horreum.Migrations.Registry;
using Horreum.TestKit;

namespace Horreum.Migrations.Tests.Engine;

public sealed class RollbackTests(RedisFixture redis)
{
    private const string Id = "20250102_000000_derive_email";

    [Fact]
    public async Task Rollback_of_a_reversible_model_migration_without_DownAsync_restores_its_field_backups_preview_included()
    {
        // DeriveEmail is written like the docs' example: IsReversible => true and no DownAsync.
        var rig = EngineRig.Create(redis);
        await rig.SeedAsync(4);
        await rig.Client.Repository<Person>().SaveAsync(new Person { Id = "p9", Name = "Has mail", Email = "kept@example.test" });
        var runner = rig.Runner(new DeriveEmail());
        Assert.True((await runner.RunAsync(new MigrationRunOptions { DryRun = false })).Succeeded);
        Assert.Equal("p0@example.test", (await rig.Client.Repository<Person>().LoadAsync("p0"))!.Email);

        var before = await redis.DigestAsync(rig.Ns);
        var preview = await runner.RollbackAsync(Id);
        Assert.True(preview.DryRun);
        Assert.Equal(4, preview.BackedUpFields);
        Assert.Equal(before, await redis.DigestAsync(rig.Ns));

        var real = await runner.RollbackAsync(Id, dryRun: false);
        Assert.False(real.DryRun);
        Assert.Equal(4, real.FieldsDeleted); // the e-mails did not exist before the migration
        Assert.Null((await rig.Client.Repository<Person>().LoadAsync("p0"))!.Email);
        Assert.Equal("kept@example.test", (await rig.Client.Repository<Person>().LoadAsync("p9"))!.Email);
        Assert.Equal(MigrationState.RolledBack, (await runner.Registry.GetAsync(Id))!.Status);
    }
}
