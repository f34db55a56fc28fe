using Horreum.Migrations.Builtin;
using Horreum.Migrations.Drift;
using Horreum.Migrations.Engine;
using Horreum.Migrations.Tests.Engine;
using Horreum.Orm.Modeling;
using Horreum.TestKit;
using StackExchange.Redis;

namespace Horreum.Migrations.Tests.Drift;

/// <summary>The model as it was: the e-mail stored as "email".</summary>
public sealed class MemberBefore
{
    [Identifier] public string Id { get; set; } = "";
    public string? Email { get; set; }
    public int Points { get; set; }
}

/// <summary>The model after the rename: EmailAddress stored as "email_address"; Points became a long.</summary>
[Model(Prefix = "member")]
public sealed class Member
{
    [Identifier] public string Id { get; set; } = "";
    public string? EmailAddress { get; set; }
    public int Points { get; set; }
}

[Model(Prefix = "member")]
public sealed class MemberWithLongPoints
{
    [Identifier] public string Id { get; set; } = "";
    public string? EmailAddress { get; set; }
    public decimal Points { get; set; }
}

/// <summary>Exactly what `horreum new RenameEmail` writes for the rename (see the scaffold test).</summary>
public sealed class RenameEmail : RenameFieldMigration<Member>
{
    public override string Id => "20250401_000000_rename_email";
    protected override string OldField => "email";
    protected override string NewField => "email_address";
}

public sealed class PointsToDecimal : ConvertFieldMigration<MemberWithLongPoints>
{
    public override string Id => "20250402_000000_points_to_decimal";
    protected override string Field => "points";
    protected override object? Convert(string stored) => throw new NotImplementedException("Write the conversion");
}

public sealed class DriftTests(RedisFixture redis)
{
    /// <summary>The fingerprint the old code stored, under the current model's name (as after a deploy).</summary>
    private static ModelFingerprint OldShape() => ModelFingerprint.Of(ModelMetadata.For<MemberBefore>()) with { Model = typeof(Member).FullName!, Prefix = "member" };

    [Fact]
    public async Task Renamed_property_is_reported_then_the_scaffold_uses_rename_field_and_after_it_runs_drift_is_none()
    {
        var rig = EngineRig.Create(redis);
        var runner = rig.Runner(new RenameEmail());
        var detector = new DriftDetector(rig.Client, runner);
        await redis.Db.HashSetAsync(runner.Registry.Keys.Fingerprints, typeof(Member).FullName!, OldShape().ToJson());
        for (var i = 0; i < 50; i++)
        {
            await redis.Db.HashSetAsync($"{rig.Ns}:member:m{i}:object", [new("id", $"\"m{i}\""), new("email", $"\"m{i}@x.test\""), new("points", "1")]);
        }

        var drift = await detector.ModelDriftAsync([typeof(Member)]);
        var item = Assert.Single(drift.Items);
        Assert.Equal("renamed", item.Change);
        Assert.Equal("email_address", item.Field);
        Assert.Equal(DriftSeverity.Incompatible, drift.Severity);
        Assert.Throws<DriftDetectedException>(() => drift.AssertNone());

        // horreum new: snapshot holds the old shape; the skeleton uses rename_field.
        var dir = Directory.CreateTempSubdirectory("horreum-scaffold-").FullName;
        var snapshotPath = Path.Combine(dir, "models.snapshot.json");
        await new ModelSnapshot { Models = [OldShape()] }.SaveAsync(snapshotPath);
        var scaffold = await MigrationScaffolder.ScaffoldAsync("RenameEmail", [typeof(Member)], snapshotPath, dir, "App.Migrations", new DateTime(2025, 4, 1, 0, 0, 0, DateTimeKind.Utc));
        var source = await File.ReadAllTextAsync(scaffold.FilePath!);
        Assert.Equal(["20250401_000000_rename_email"], scaffold.MigrationIds);
        Assert.Contains("public sealed class RenameEmail : RenameFieldMigration<global::Horreum.Migrations.Tests.Drift.Member>", source, StringComparison.Ordinal);
        Assert.Contains("protected override string OldField => \"email\";", source, StringComparison.Ordinal);
        Assert.Contains("protected override string NewField => \"email_address\";", source, StringComparison.Ordinal);
        Assert.Contains("namespace App.Migrations;", source, StringComparison.Ordinal);
        var updated = await ModelSnapshot.LoadAsync(snapshotPath);
        Assert.Equal(ModelFingerprint.Of(ModelMetadata.For<Member>()).ToJson(), Assert.Single(updated.Models).ToJson());
        Assert.Empty((await MigrationScaffolder.ScaffoldAsync("Again", [typeof(Member)], snapshotPath, dir)).Changes);

        // Apply the same migration the skeleton declares: data renamed, fingerprints stored, no drift.
        var run = await runner.RunAsync(new MigrationRunOptions { DryRun = false });
        Assert.True(run.Succeeded, run.Migrations[0].Error);
        Assert.Equal(50, run.Migrations[0].Modified);
        var loaded = await rig.Client.Repository<Member>().LoadAsync("m7");
        Assert.Equal("m7@x.test", loaded!.EmailAddress);
        Assert.False((await detector.ModelDriftAsync([typeof(Member)])).HasDrift);
    }

    [Fact]
    public async Task Type_change_scaffolds_a_conversion_whose_stub_fails_until_written()
    {
        var rig = EngineRig.Create(redis);
        var dir = Directory.CreateTempSubdirectory("horreum-scaffold-").FullName;
        var snapshotPath = Path.Combine(dir, "models.snapshot.json");
        var old = ModelFingerprint.Of(ModelMetadata.For<Member>()) with { Model = typeof(MemberWithLongPoints).FullName! };
        await new ModelSnapshot { Models = [old] }.SaveAsync(snapshotPath);
        var scaffold = await MigrationScaffolder.ScaffoldAsync("PointsToDecimal", [typeof(MemberWithLongPoints)], snapshotPath, dir);
        var source = await File.ReadAllTextAsync(scaffold.FilePath!);
        Assert.Contains("ConvertFieldMigration<", source, StringComparison.Ordinal);
        Assert.Contains("throw new NotImplementedException", source, StringComparison.Ordinal);
        Assert.Equal(ModelChangeKind.TypeChanged, Assert.Single(scaffold.Changes).Kind);

        await redis.Db.HashSetAsync($"{rig.Ns}:member:a:object", [new("id", "\"a\""), new("points", "\"12\"")]);
        var run = await rig.Runner(new PointsToDecimal()).RunAsync(new MigrationRunOptions { DryRun = false });
        Assert.False(run.Succeeded);
        Assert.Equal($"{rig.Ns}:member:a:object", Assert.Single(run.Migrations[0].ErrorSamples).Key);
        Assert.Equal("\"12\"", (string?)await redis.Db.HashGetAsync($"{rig.Ns}:member:a:object", "points"));
    }

    [Fact]
    public async Task Data_drift_on_half_migrated_data_counts_non_v2_values_by_model_and_field()
    {
        var rig = EngineRig.Create(redis);
        var runner = rig.Runner();
        for (var i = 0; i < 3000; i++)
        {
            var v1 = i % 2 == 0;
            await redis.Db.HashSetAsync($"{rig.Ns}:person:p{i}:object",
                [new("id", v1 ? $"p{i}" : $"\"p{i}\""), new("name", v1 ? $"Name {i}" : $"\"Name {i}\""), new("age", "30")]);
        }
        var report = await new DriftDetector(rig.Client, runner).DataDriftAsync([typeof(Person)], sample: 1000);

        Assert.Equal(1000, report.RecordsChecked);
        var name = report.Items.Single(i => i.Field == "name");
        var id = report.Items.Single(i => i.Field == "id");
        Assert.Equal(typeof(Person).FullName, name.Subject);
        Assert.InRange(name.Count, 300, 700); // half of a 1000-record sample, in SCAN order
        Assert.Equal(name.Count, id.Count);
        Assert.Equal("not v2", name.Change);
        Assert.NotEmpty(name.ExampleKeys!);
        Assert.DoesNotContain(report.Items, i => i.Field == "age");
        Assert.Equal(DriftSeverity.Incompatible, report.Severity);
    }

    [Fact]
    public async Task History_drift_reports_an_applied_migration_whose_code_changed()
    {
        var rig = EngineRig.Create(redis);
        await rig.Runner(new RenameEmail()).RunAsync(new MigrationRunOptions { DryRun = false });
        var edited = rig.Runner(new EditedRenameEmail());
        var report = await new DriftDetector(rig.Client, edited).HistoryDriftAsync();
        Assert.Equal("code changed", Assert.Single(report.Items).Change);
        Assert.Equal(DriftSeverity.Changed, report.Severity);
    }

    private sealed class EditedRenameEmail : RenameFieldMigration<Member>
    {
        public override string Id => "20250401_000000_rename_email";
        protected override string OldField => "email";
        protected override string NewField => "mail";
    }
}
