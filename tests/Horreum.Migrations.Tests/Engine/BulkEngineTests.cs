using System.Buffers.Text;
using Horreum.Migrations.Engine;
using Horreum.Migrations.Tests.Safety;
using Horreum.JsonSchema;
using Horreum.Orm.Schema;
using Horreum.Orm;
using Horreum.Orm.Connections;
using Horreum.Orm.Transport;
using Horreum.TestKit;
using StackExchange.Redis;

namespace Horreum.Migrations.Tests.Engine;

/// <summary>Sets Status for people under 50 and, for every tenth age, removes Name in the same record write (MULTI).</summary>
internal sealed class ActivateAndForget : PipelineMigration<Person>
{
    public override string Id => "20250103_000000_activate_and_forget";
    public override int BatchSize => 200;
    protected override bool ShouldProcess(Person record) => record.Age < 50;

    protected override FieldChanges BuildUpdate(Person record)
    {
        var changes = new FieldChanges().Set(nameof(Person.Status), "active");
        return record.Age % 10 == 0 ? changes.Remove(nameof(Person.Name)) : changes;
    }
}

/// <summary>ActivateAndForget at the byte level: the age is parsed from its stored digits, the status written as JSON.</summary>
internal sealed class StoredActivateAndForget(SchemaValidationPolicy validate = SchemaValidationPolicy.Off) : PipelineMigration<Person>
{
    public override string Id => "20250103_000000_activate_and_forget";
    public override int BatchSize => 200;
    public override SchemaValidationPolicy ValidateBefore => validate;
    protected override bool UseStoredBytes => true;
    protected override bool ShouldProcess(Person record) => throw new InvalidOperationException("not called with UseStoredBytes");
    protected override FieldChanges BuildUpdate(Person record) => throw new InvalidOperationException("not called with UseStoredBytes");

    protected override void TransformStored(BulkRecord record, BulkChanges changes)
    {
        if (!record.TryGetValue("age"u8, out var raw) || !Utf8Parser.TryParse(raw, out int age, out _))
        {
            throw new FormatException("age is not a stored integer");
        }
        if (age >= 50)
        {
            return;
        }
        changes.Set("status"u8, "\"active\""u8);
        if (age % 10 == 0)
        {
            changes.Delete("name"u8);
        }
    }
}

/// <summary>Model and Pipeline migrations over the RESP pipeline (the default) and over StackExchange.Redis batches.</summary>
public sealed class BulkEngineTests(RedisFixture redis)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static EngineRig WithTransport(EngineRig rig, BulkTransportKind kind, RedisEndpoint? endpoint = null) =>
        rig with { Client = new HorreumClient(rig.Client.Connection, new HorreumOptions { KeyNamespace = rig.Ns, BulkTransport = kind, BulkConnection = endpoint }) };

    private async Task<Dictionary<string, Dictionary<string, string>>> DumpAsync(EngineRig rig, int count)
    {
        var dump = new Dictionary<string, Dictionary<string, string>>();
        for (var i = 0; i < count; i++)
        {
            var entries = await redis.Db.HashGetAllAsync($"{rig.Ns}:person:p{i}:object");
            dump[$"p{i}"] = entries.ToDictionary(e => (string)e.Name!, e => (string)e.Value!);
        }
        return dump;
    }

    [Fact]
    public async Task Pipeline_migration_over_resp_writes_and_rolls_back_exactly_what_se_batches_do()
    {
        var resp = EngineRig.Create(redis);
        var se = WithTransport(EngineRig.Create(redis, member: "se"), BulkTransportKind.StackExchange);
        await resp.SeedAsync(3_000);
        await se.SeedAsync(3_000);
        var before = await DumpAsync(resp, 3_000);

        var viaResp = Assert.Single((await resp.Runner(new ActivateAndForget()).RunAsync(new MigrationRunOptions { DryRun = false }, Ct)).Migrations);
        var viaSe = Assert.Single((await se.Runner(new ActivateAndForget()).RunAsync(new MigrationRunOptions { DryRun = false }, Ct)).Migrations);
        var afterResp = await DumpAsync(resp, 3_000);
        var afterSe = await DumpAsync(se, 3_000);

        Assert.Equal("resp", viaResp.Transport);
        Assert.Equal("se-batch", viaSe.Transport);
        Assert.Equal(MigrationState.Applied, viaResp.Outcome);
        Assert.Equal((viaSe.Scanned, viaSe.Modified, viaSe.FieldsChanged), (viaResp.Scanned, viaResp.Modified, viaResp.FieldsChanged));
        Assert.Equal(Enumerable.Range(0, 3_000).Count(i => i % 90 < 50), viaResp.Modified);
        Assert.Equal(afterSe, afterResp);
        Assert.Equal("\"active\"", afterResp["p10"]["status"]);
        Assert.False(afterResp["p10"].ContainsKey("name"));

        await resp.Runner(new ActivateAndForget()).RollbackAsync(viaResp.Id, dryRun: false, Ct);
        Assert.Equal(before, await DumpAsync(resp, 3_000));
    }

    [Theory]
    [InlineData(BulkTransportKind.Resp)]
    [InlineData(BulkTransportKind.StackExchange)]
    public async Task The_byte_level_kind_on_either_transport_makes_a_key_of_another_type_a_record_error_and_writes_the_rest(BulkTransportKind transport)
    {
        // One pass, one reader for every kind: the byte step gets the same page as the typed ones, on both transports.
        var rig = WithTransport(EngineRig.Create(redis, member: "bytes-" + transport), transport);
        await rig.SeedAsync(1_000);
        var bad = $"{rig.Ns}:person:bad:object";
        await redis.Db.StringSetAsync(bad, "not a hash");

        var result = Assert.Single((await rig.Runner(new StoredActivateAndForget()).RunAsync(new MigrationRunOptions { DryRun = false }, Ct)).Migrations);

        Assert.Equal(transport == BulkTransportKind.Resp ? "resp" : "se-batch", result.Transport);
        Assert.Equal(MigrationState.Failed, result.Outcome);
        var error = Assert.Single(result.ErrorSamples);
        Assert.Equal(bad, error.Key);
        Assert.Contains("WRONGTYPE", error.Message, StringComparison.Ordinal);
        Assert.Equal(1_001, result.Scanned);
        Assert.Equal(Enumerable.Range(0, 1_000).Count(i => i % 90 < 50), result.Modified);
        var p10 = await redis.Db.HashGetAllAsync($"{rig.Ns}:person:p10:object");
        Assert.Equal("\"active\"", (string?)p10.Single(e => e.Name == "status").Value);
        Assert.DoesNotContain(p10, e => e.Name == "name");
        Assert.Equal("not a hash", (string?)await redis.Db.StringGetAsync(bad));
    }

    [Fact]
    public async Task A_key_of_another_type_under_the_pattern_is_a_record_error_naming_it_and_the_others_migrate()
    {
        var rig = EngineRig.Create(redis);
        await rig.SeedAsync(1_000);
        var bad = $"{rig.Ns}:person:bad:object";
        await redis.Db.StringSetAsync(bad, "not a hash");

        var result = Assert.Single((await rig.Runner(new ActivateYoung()).RunAsync(new MigrationRunOptions { DryRun = false }, Ct)).Migrations);

        Assert.Equal("resp", result.Transport);
        Assert.Equal(MigrationState.Failed, result.Outcome);
        var error = Assert.Single(result.ErrorSamples);
        Assert.Equal(bad, error.Key);
        Assert.Contains("WRONGTYPE", error.Message, StringComparison.Ordinal);
        Assert.Equal(Enumerable.Range(0, 1_000).Count(i => i % 90 < 50), result.Modified);
        Assert.Equal("not a hash", (string?)await redis.Db.StringGetAsync(bad));
    }

    [Fact]
    public async Task A_refused_write_is_a_record_error_naming_its_key_and_the_record_is_not_counted_or_half_written()
    {
        // A bulk user that may read everything but write only ids not starting with "p9" (and the registry, which
        // needs full access: EVAL with declared keys is refused under split read/write key permissions).
        var rig = EngineRig.Create(redis);
        // Every error listed, so the assertions below do not depend on the order SCAN visits the keys in.
        rig.Options.ErrorListLimit = 1_000;
        var user = "bulk-" + Guid.NewGuid().ToString("N");
        await redis.Db.ExecuteAsync("ACL", "SETUSER", user, "on", ">pw", "+@all", "%R~*", $"%W~{rig.Ns}:person:p[0-8]*", $"~*{rig.Ns}:migrations*");
        try
        {
            await rig.SeedAsync(1_000);
            rig = WithTransport(rig, BulkTransportKind.Resp, RedisEndpoint.Parse($"redis://{user}:pw@127.0.0.1:{redis.Port}"));
            var refused = Enumerable.Range(0, 1_000).Where(i => i % 90 < 50 && $"{i}".StartsWith('9')).Select(i => $"{rig.Ns}:person:p{i}:object").ToHashSet();

            var result = Assert.Single((await rig.Runner(new ActivateAndForget()).RunAsync(new MigrationRunOptions { DryRun = false }, Ct)).Migrations);

            Assert.Equal("resp", result.Transport);
            Assert.Equal(MigrationState.Failed, result.Outcome);
            Assert.Equal(refused.Count, result.Errors);
            Assert.Equal(refused.Order(), result.ErrorSamples.Select(e => e.Key).Order());
            Assert.Contains(result.ErrorSamples, e => e.Message.Contains("NOPERM", StringComparison.Ordinal));
            Assert.Contains(result.ErrorSamples, e => e.Message.Contains("EXECABORT", StringComparison.Ordinal));
            Assert.Equal(Enumerable.Range(0, 1_000).Count(i => i % 90 < 50) - refused.Count, result.Modified);
            foreach (var key in refused)
            {
                var stored = (await redis.Db.HashGetAllAsync(key)).ToDictionary(e => (string)e.Name!, e => (string)e.Value!);
                Assert.False(stored.ContainsKey("status"));
                Assert.True(stored.ContainsKey("name"));
            }
        }
        finally
        {
            await redis.Db.ExecuteAsync("ACL", "DELUSER", user);
        }
    }

    [Fact]
    public async Task Model_migration_reads_over_resp_and_writes_per_record()
    {
        var rig = EngineRig.Create(redis);
        await rig.SeedAsync(700);

        var result = Assert.Single((await rig.Runner(new DeriveEmail()).RunAsync(new MigrationRunOptions { DryRun = false }, Ct)).Migrations);

        Assert.Equal("resp", result.Transport);
        Assert.Equal(700, result.Modified);
        Assert.Equal("\"p699@example.test\"", (string?)await redis.Db.HashGetAsync($"{rig.Ns}:person:p699:object", "email"));
    }

    [Fact]
    public async Task Stored_bytes_migration_writes_what_the_typed_one_does_over_resp_and_se_and_rolls_back()
    {
        var typed = EngineRig.Create(redis, member: "typed");
        var bytes = EngineRig.Create(redis);
        var bytesSe = WithTransport(EngineRig.Create(redis, member: "bytes_se"), BulkTransportKind.StackExchange);
        foreach (var rig in new[] { typed, bytes, bytesSe })
        {
            await rig.SeedAsync(3_000);
        }
        var before = await DumpAsync(bytes, 3_000);

        var viaTyped = Assert.Single((await typed.Runner(new ActivateAndForget()).RunAsync(new MigrationRunOptions { DryRun = false }, Ct)).Migrations);
        var preview = Assert.Single((await bytes.Runner(new StoredActivateAndForget()).RunAsync(new MigrationRunOptions { DryRun = true }, Ct)).Migrations);
        var unchanged = await DumpAsync(bytes, 3_000);
        var viaBytes = Assert.Single((await bytes.Runner(new StoredActivateAndForget()).RunAsync(new MigrationRunOptions { DryRun = false }, Ct)).Migrations);
        var viaBytesSe = Assert.Single((await bytesSe.Runner(new StoredActivateAndForget()).RunAsync(new MigrationRunOptions { DryRun = false }, Ct)).Migrations);

        Assert.Equal(before, unchanged);
        Assert.Equal(("resp", "se-batch"), (viaBytes.Transport, viaBytesSe.Transport));
        Assert.Equal(MigrationState.Applied, viaBytes.Outcome);
        Assert.Equal((viaTyped.Scanned, viaTyped.Modified, viaTyped.FieldsChanged), (viaBytes.Scanned, viaBytes.Modified, viaBytes.FieldsChanged));
        Assert.Equal((viaTyped.Modified, viaTyped.FieldsChanged), (viaBytesSe.Modified, viaBytesSe.FieldsChanged));
        Assert.Equal((viaBytes.Modified, viaBytes.FieldsChanged), (preview.Modified, preview.FieldsChanged));
        Assert.Contains(preview.PlannedWrites, w => w.Contains("HSET", StringComparison.Ordinal) && w.Contains("status=\"active\"", StringComparison.Ordinal));
        var expected = await DumpAsync(typed, 3_000);
        Assert.Equal(expected, await DumpAsync(bytes, 3_000));
        Assert.Equal(expected, await DumpAsync(bytesSe, 3_000));

        Assert.Empty((await bytes.Runner(new StoredActivateAndForget()).RunAsync(new MigrationRunOptions { DryRun = false }, Ct)).Migrations);
        await bytes.Runner(new StoredActivateAndForget()).RollbackAsync(viaBytes.Id, dryRun: false, Ct);
        Assert.Equal(before, await DumpAsync(bytes, 3_000));
    }

    [Fact]
    public async Task Stored_bytes_migration_isolates_a_throwing_transform_a_wrong_type_key_and_refused_writes_by_key()
    {
        var rig = EngineRig.Create(redis);
        rig.Options.ErrorListLimit = 1_000;
        await rig.SeedAsync(1_000);
        await redis.Db.HashSetAsync($"{rig.Ns}:person:p5:object", "age", "\"five\"");
        var bad = $"{rig.Ns}:person:bad:object";
        await redis.Db.StringSetAsync(bad, "not a hash");
        var user = "bulk-" + Guid.NewGuid().ToString("N");
        await redis.Db.ExecuteAsync("ACL", "SETUSER", user, "on", ">pw", "+@all", "%R~*", $"%W~{rig.Ns}:person:p[0-8]*", $"~*{rig.Ns}:migrations*");
        try
        {
            rig = WithTransport(rig, BulkTransportKind.Resp, RedisEndpoint.Parse($"redis://{user}:pw@127.0.0.1:{redis.Port}"));
            var refused = Enumerable.Range(0, 1_000).Where(i => i % 90 < 50 && $"{i}".StartsWith('9')).Select(i => $"{rig.Ns}:person:p{i}:object").ToHashSet();

            var result = Assert.Single((await rig.Runner(new StoredActivateAndForget()).RunAsync(new MigrationRunOptions { DryRun = false }, Ct)).Migrations);

            Assert.Equal(MigrationState.Failed, result.Outcome);
            Assert.Equal(refused.Count + 2, result.Errors);
            Assert.Contains(result.ErrorSamples, e => e.Key == bad && e.Message.Contains("WRONGTYPE", StringComparison.Ordinal));
            Assert.Contains(result.ErrorSamples, e => e.Key == $"{rig.Ns}:person:p5:object" && e.Message.Contains("age is not a stored integer", StringComparison.Ordinal));
            Assert.Contains(result.ErrorSamples, e => refused.Contains(e.Key) && e.Message.Contains("EXECABORT", StringComparison.Ordinal));
            Assert.Contains(result.ErrorSamples, e => refused.Contains(e.Key) && e.Message.Contains("NOPERM", StringComparison.Ordinal));
            Assert.Equal(Enumerable.Range(0, 1_000).Count(i => i % 90 < 50 && i != 5) - refused.Count, result.Modified);
            foreach (var key in refused)
            {
                Assert.False(await redis.Db.HashExistsAsync(key, "status"));
            }
        }
        finally
        {
            await redis.Db.ExecuteAsync("ACL", "DELUSER", user);
        }
    }

    [Fact]
    public async Task Stored_bytes_run_cancelled_mid_way_resumes_from_its_checkpoint_and_counts_each_record_once()
    {
        var rig = EngineRig.Create(redis);
        rig.Options.CheckpointEvery = 1000;
        await rig.SeedAsync(6_000);
        using var stop = new CancellationTokenSource();
        var pages = 0;
        var interrupted = new MigrationRunOptions { DryRun = false, Progress = new SyncProgress(_ => { if (++pages == 8) { stop.Cancel(); } }) };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => rig.Runner(new StoredActivateAndForget()).RunAsync(interrupted, stop.Token));
        var runner = rig.Runner(new StoredActivateAndForget());
        var checkpoint = await runner.Registry.GetCheckpointAsync("20250103_000000_activate_and_forget", Ct);
        var result = Assert.Single((await runner.RunAsync(new MigrationRunOptions { DryRun = false }, Ct)).Migrations);

        Assert.NotNull(checkpoint);
        Assert.True(result.Resumed);
        Assert.Equal(MigrationState.Applied, result.Outcome);
        Assert.Equal(Enumerable.Range(0, 6_000).Count(i => i % 90 < 50), result.Modified);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(64)]
    public async Task Any_pipeline_depth_gives_the_same_counts_and_data(int depth)
    {
        var rig = EngineRig.Create(redis, member: "depth" + depth);
        rig = rig with { Client = new HorreumClient(rig.Client.Connection, new HorreumOptions { KeyNamespace = rig.Ns, PipelineDepth = depth }) };
        rig.Options.CheckpointEvery = 700;
        await rig.SeedAsync(2_000);

        var typed = Assert.Single((await rig.Runner(new ActivateYoung()).RunAsync(new MigrationRunOptions { DryRun = false }, Ct)).Migrations);
        var bytes = Assert.Single((await rig.Runner(new StoredActivateAndForget()).RunAsync(new MigrationRunOptions { DryRun = false }, Ct)).Migrations);

        var young = Enumerable.Range(0, 2_000).Count(i => i % 90 < 50);
        Assert.Equal((MigrationState.Applied, young), (typed.Outcome, typed.Modified));
        // After ActivateYoung every young record already has the status: only the name removals are left.
        Assert.Equal((MigrationState.Applied, Enumerable.Range(0, 2_000).Count(i => i % 90 < 50 && i % 90 % 10 == 0)), (bytes.Outcome, bytes.Modified));
        Assert.Equal("\"active\"", (string?)await redis.Db.HashGetAsync($"{rig.Ns}:person:p1999:object", "status"));
    }

    [Fact]
    public async Task Stored_bytes_with_a_schema_policy_fails_with_a_clear_message()
    {
        var rig = EngineRig.Create(redis);
        await rig.SeedAsync(10);

        var result = Assert.Single((await rig.Runner(new StoredActivateAndForget(SchemaValidationPolicy.Count)).RunAsync(new MigrationRunOptions { DryRun = false }, Ct)).Migrations);

        Assert.Equal(MigrationState.Failed, result.Outcome);
        Assert.Contains("UseStoredBytes", result.Error, StringComparison.Ordinal);
    }
}
