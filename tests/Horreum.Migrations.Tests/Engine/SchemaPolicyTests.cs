using Horreum.Migrations.Engine;
using Horreum.Orm;
using Horreum.Orm.Modeling;
using Horreum.JsonSchema;
using Horreum.Orm.Schema;
using Horreum.TestKit;

namespace Horreum.Migrations.Tests.Engine;

[Feature("schema_validation")]
public sealed class Rated
{
    [Identifier] public string Id { get; set; } = "";
    public int Score { get; set; }
}

internal sealed class BumpScore(SchemaValidationPolicy before, SchemaValidationPolicy after, int maxErrors = 0, bool features = false) : PipelineMigration<Rated>
{
    public override string Id => "20250501_000000_bump_score";
    public override bool UseModelFeatures => features;
    public override SchemaValidationPolicy ValidateBefore => before;
    public override SchemaValidationPolicy ValidateAfter => after;
    public override int MaxErrors => maxErrors;
    protected override bool ShouldProcess(Rated record) => true;
    protected override FieldChanges BuildUpdate(Rated record) => new FieldChanges().Set(nameof(Rated.Score), record.Score + 1);
}

public sealed class SchemaPolicyTests(RedisFixture redis)
{
    private const string Schema = """{"type":"object","properties":{"id":{"type":"string"},"score":{"type":"integer","minimum":0,"maximum":10}},"required":["id"]}""";

    private async Task<(MigrationRunner Runner, HorreumClient Client, string Ns)> SeedAsync(Migration migration)
    {
        var ns = RedisFixture.Prefix();
        var options = new HorreumOptions { KeyNamespace = ns };
        options.Schemas.MapJson<Rated>(Schema);
        var client = new HorreumClient(redis.Multiplexer, options);
        var runnerOptions = new MigrationRunnerOptions();
        runnerOptions.Registry.Prefix = ns + ":migrations";
        // Scores 0..9 are valid, 10 becomes invalid once bumped, 50 and 60 are invalid already.
        foreach (var (id, score) in Enumerable.Range(0, 11).Select(i => ($"r{i}", i)).Append(("bad1", 50)).Append(("bad2", 60)))
        {
            await redis.Db.HashSetAsync($"{ns}:rated:{id}:object", [new("id", $"\"{id}\""), new("score", score.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        }
        return (new MigrationRunner(client, [migration], runnerOptions), client, ns);
    }

    [Fact]
    public async Task Count_before_counts_invalid_records_and_processes_them()
    {
        var (runner, _, ns) = await SeedAsync(new BumpScore(SchemaValidationPolicy.Count, SchemaValidationPolicy.Off));
        var result = (await runner.RunAsync(new MigrationRunOptions { DryRun = false })).Migrations[0];
        Assert.Equal(MigrationOutcome.Applied, result.Outcome);
        Assert.Equal(2, result.Stats["schema.before.invalid"]);
        Assert.Equal(13, result.Modified);
        Assert.Equal("51", (string?)await redis.Db.HashGetAsync($"{ns}:rated:bad1:object", "score"));
    }

    [Fact]
    public async Task Fail_after_rejects_records_the_transform_makes_invalid_and_does_not_write_them()
    {
        var (runner, _, ns) = await SeedAsync(new BumpScore(SchemaValidationPolicy.Off, SchemaValidationPolicy.Fail));
        var result = (await runner.RunAsync(new MigrationRunOptions { DryRun = false })).Migrations[0];
        Assert.Equal(MigrationOutcome.Failed, result.Outcome);
        Assert.Equal(3, result.Errors); // r10 → 11, bad1 → 51, bad2 → 61
        Assert.Equal(3, result.Stats["schema.after.invalid"]);
        Assert.Contains(result.ErrorSamples, e => e.Key == $"{ns}:rated:r10:object" && e.Message.Contains("/score", StringComparison.Ordinal));
        Assert.Equal("10", (string?)await redis.Db.HashGetAsync($"{ns}:rated:r10:object", "score"));
        Assert.Equal("1", (string?)await redis.Db.HashGetAsync($"{ns}:rated:r0:object", "score"));
    }

    [Fact]
    public async Task The_schema_validation_feature_validates_every_kind_after_the_change_by_default()
    {
        foreach (var migration in new Migration[] { new BumpScore(SchemaValidationPolicy.Off, SchemaValidationPolicy.Off, features: true), new BumpScoreModel(optOut: false) })
        {
            var (runner, _, ns) = await SeedAsync(migration);
            var result = (await runner.RunAsync(new MigrationRunOptions { DryRun = false })).Migrations[0];
            Assert.Equal(MigrationOutcome.Failed, result.Outcome);
            Assert.Equal(3, result.Errors); // r10 → 11, bad1 → 51, bad2 → 61: refused as SaveAsync would refuse them
            Assert.Contains(result.ErrorSamples, e => e.Key == $"{ns}:rated:r10:object" && e.Message.Contains("/score", StringComparison.Ordinal));
            Assert.Equal("10", (string?)await redis.Db.HashGetAsync($"{ns}:rated:r10:object", "score"));
            Assert.Equal("1", (string?)await redis.Db.HashGetAsync($"{ns}:rated:r0:object", "score"));
        }
    }

    [Fact]
    public async Task A_migration_that_opts_out_of_model_features_writes_without_the_schema_check()
    {
        var (runner, _, ns) = await SeedAsync(new BumpScoreModel(optOut: true));
        var result = (await runner.RunAsync(new MigrationRunOptions { DryRun = false })).Migrations[0];
        Assert.Equal(MigrationOutcome.Applied, result.Outcome);
        Assert.Equal(13, result.Modified);
        Assert.Equal("11", (string?)await redis.Db.HashGetAsync($"{ns}:rated:r10:object", "score"));
    }

    [Fact]
    public async Task Stored_bytes_on_a_model_with_schema_validation_is_refused_unless_it_opts_out()
    {
        var (runner, _, _) = await SeedAsync(new StoredBump(optOut: false));
        var refused = (await runner.RunAsync(new MigrationRunOptions { DryRun = false })).Migrations[0];
        Assert.Equal(MigrationOutcome.Failed, refused.Outcome);
        Assert.Contains("UseModelFeatures", refused.Error, StringComparison.Ordinal);

        var (optedOut, _, ns) = await SeedAsync(new StoredBump(optOut: true));
        Assert.Equal(MigrationOutcome.Applied, (await optedOut.RunAsync(new MigrationRunOptions { DryRun = false })).Migrations[0].Outcome);
        Assert.Equal("7", (string?)await redis.Db.HashGetAsync($"{ns}:rated:r0:object", "score"));
    }

    private sealed class BumpScoreModel(bool optOut) : ModelMigration<Rated>
    {
        public override string Id => "20250501_000000_bump_score_model";
        public override bool UseModelFeatures => !optOut;

        protected override Task ProcessRecordAsync(Rated record, string key, MigrationContext context, CancellationToken cancellationToken) =>
            WriteFieldsAsync(context, key, new FieldChanges().Set(nameof(Rated.Score), record.Score + 1), cancellationToken);
    }

    private sealed class StoredBump(bool optOut) : PipelineMigration<Rated>
    {
        public override string Id => "20250501_000000_stored_bump";
        public override bool UseModelFeatures => !optOut;
        protected override bool UseStoredBytes => true;
        protected override bool ShouldProcess(Rated record) => throw new NotSupportedException();
        protected override FieldChanges BuildUpdate(Rated record) => throw new NotSupportedException();
        protected override void TransformStored(Horreum.Orm.Transport.BulkRecord record, Horreum.Orm.Transport.BulkChanges changes) => changes.Set("score"u8, "7"u8);
    }

    [Fact]
    public async Task A_policy_on_a_model_without_a_schema_fails_the_migration_clearly()
    {
        var rig = EngineRig.Create(redis);
        await rig.SeedAsync(3);
        var result = (await rig.Runner(new NoSchema()).RunAsync(new MigrationRunOptions { DryRun = false })).Migrations[0];
        Assert.Equal(MigrationOutcome.Failed, result.Outcome);
        Assert.Contains("schema", result.Error, StringComparison.OrdinalIgnoreCase);
    }

    private sealed class NoSchema : PipelineMigration<Person>
    {
        public override string Id => "20250502_000000_no_schema";
        public override SchemaValidationPolicy ValidateAfter => SchemaValidationPolicy.Count;
        protected override bool ShouldProcess(Person record) => true;
        protected override FieldChanges BuildUpdate(Person record) => new FieldChanges().Set(nameof(Person.Age), 1);
    }
}
