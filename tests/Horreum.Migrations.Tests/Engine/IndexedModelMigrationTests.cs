using Horreum.Migrations.Engine;
using Horreum.Orm.Modeling;
using Horreum.TestKit;

namespace Horreum.Migrations.Tests.Engine;

[Feature("relationships")]
public sealed class Badge
{
    [Identifier] public string Id { get; set; } = "";
    [UniqueIndex("code_lookup")] public string? Code { get; set; }
    public string? Note { get; set; }
}

/// <summary>
/// The record pass does not keep indexes: a migration write that would change an indexed value is refused per record
/// (key, field and index named), unless the migration opts out of model features; other fields migrate as usual.
/// </summary>
public sealed class IndexedModelMigrationTests(RedisFixture redis)
{
    private sealed class RecodeBadge(bool optOut) : ModelMigration<Badge>
    {
        public override string Id => "20261204_100000_recode_badge";
        public override bool UseModelFeatures => !optOut;

        protected override Task ProcessRecordAsync(Badge record, string key, MigrationContext context, CancellationToken cancellationToken) =>
            WriteFieldsAsync(context, key, new FieldChanges().Set(nameof(Badge.Code), record.Code!.ToUpperInvariant()), cancellationToken);
    }

    private sealed class AnnotateBadge : PipelineMigration<Badge>
    {
        public override string Id => "20261204_100001_annotate_badge";

        protected override bool ShouldProcess(Badge record) => true;

        protected override FieldChanges BuildUpdate(Badge record) => new FieldChanges().Set(nameof(Badge.Note), "seen");
    }

    private sealed class StoredNote(bool optOut) : PipelineMigration<Badge>
    {
        public override string Id => "20261204_100002_stored_note";
        public override bool UseModelFeatures => !optOut;
        protected override bool UseStoredBytes => true;

        protected override bool ShouldProcess(Badge record) => throw new NotSupportedException();
        protected override FieldChanges BuildUpdate(Badge record) => throw new NotSupportedException();
        protected override void TransformStored(Horreum.Orm.Transport.BulkRecord record, Horreum.Orm.Transport.BulkChanges changes) => changes.Set("note"u8, "\"bytes\""u8);
    }

    private static async Task<EngineRig> SeedAsync(RedisFixture redis, int count, [System.Runtime.CompilerServices.CallerMemberName] string member = "")
    {
        var rig = EngineRig.Create(redis, member: member);
        await rig.Client.Repository<Badge>().SaveManyAsync(
            Enumerable.Range(0, count).Select(i => new Badge { Id = $"b{i}", Code = $"code{i}", Note = "new" }), TestContext.Current.CancellationToken);
        return rig;
    }

    [Fact]
    public async Task A_migration_changing_an_indexed_field_is_refused_per_record_naming_key_field_and_index_and_writes_nothing()
    {
        var rig = await SeedAsync(redis, 5);
        var ct = TestContext.Current.CancellationToken;

        var result = Assert.Single((await rig.Runner(new RecodeBadge(optOut: false)).RunAsync(new MigrationRunOptions { DryRun = false }, ct)).Migrations);

        Assert.Equal(MigrationOutcome.Failed, result.Outcome);
        Assert.Equal(5, result.Errors);
        Assert.Equal(0, result.Modified);
        var sample = result.ErrorSamples.Single(e => e.Key == $"{rig.Ns}:badge:b3:object");
        Assert.Contains("'code'", sample.Message, StringComparison.Ordinal);
        Assert.Contains("code_lookup", sample.Message, StringComparison.Ordinal);
        Assert.Contains("UseModelFeatures", sample.Message, StringComparison.Ordinal);
        Assert.Equal("code3", (await rig.Client.Repository<Badge>().LoadAsync("b3", ct))!.Code);
        Assert.True((await rig.Client.Repository<Badge>().AuditIndexesAsync(ct)).IsClean);
    }

    [Fact]
    public async Task Opting_out_writes_the_indexed_field_and_the_audit_shows_what_a_rebuild_must_mend()
    {
        var rig = await SeedAsync(redis, 5);
        var ct = TestContext.Current.CancellationToken;

        var result = Assert.Single((await rig.Runner(new RecodeBadge(optOut: true)).RunAsync(new MigrationRunOptions { DryRun = false }, ct)).Migrations);

        Assert.Equal(MigrationOutcome.Applied, result.Outcome);
        Assert.Equal(5, result.Modified);
        Assert.Equal("CODE3", (await rig.Client.Repository<Badge>().LoadAsync("b3", ct))!.Code);
        var audit = await rig.Client.Repository<Badge>().AuditIndexesAsync(ct);
        Assert.Equal(5, audit.Missing.Count);
        Assert.Equal(5, audit.Stale.Count);
    }

    [Fact]
    public async Task A_migration_changing_only_unindexed_fields_runs_and_leaves_the_indexes_clean()
    {
        var rig = await SeedAsync(redis, 5);
        var ct = TestContext.Current.CancellationToken;

        var result = Assert.Single((await rig.Runner(new AnnotateBadge()).RunAsync(new MigrationRunOptions { DryRun = false }, ct)).Migrations);

        Assert.Equal(MigrationOutcome.Applied, result.Outcome);
        Assert.Equal(5, result.Modified);
        Assert.Equal("seen", (await rig.Client.Repository<Badge>().LoadAsync("b1", ct))!.Note);
        Assert.True((await rig.Client.Repository<Badge>().AuditIndexesAsync(ct)).IsClean);
    }

    [Fact]
    public async Task Stored_bytes_on_a_model_with_indexes_is_refused_unless_it_opts_out()
    {
        var rig = await SeedAsync(redis, 3);
        var ct = TestContext.Current.CancellationToken;

        var refused = Assert.Single((await rig.Runner(new StoredNote(optOut: false)).RunAsync(new MigrationRunOptions { DryRun = false }, ct)).Migrations);

        Assert.Equal(MigrationOutcome.Failed, refused.Outcome);
        Assert.Contains("code_lookup", refused.Error, StringComparison.Ordinal);
        Assert.Contains("UseModelFeatures", refused.Error, StringComparison.Ordinal);
        Assert.Equal("new", (await rig.Client.Repository<Badge>().LoadAsync("b0", ct))!.Note);

        var optedOut = Assert.Single((await rig.Runner(new StoredNote(optOut: true)).RunAsync(new MigrationRunOptions { DryRun = false }, ct)).Migrations);
        Assert.Equal(MigrationOutcome.Applied, optedOut.Outcome);
        Assert.Equal("bytes", (await rig.Client.Repository<Badge>().LoadAsync("b0", ct))!.Note);
    }
}
