using Horreum.Migrations.Engine;
using Horreum.Orm;
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

/// <summary>Model and Pipeline migrations over the RESP pipeline (the default) and over StackExchange.Redis batches.</summary>
public sealed class BulkEngineTests(RedisFixture redis)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static EngineRig WithTransport(EngineRig rig, BulkTransportKind kind, RespConnectionOptions? endpoint = null) =>
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
        Assert.Equal(MigrationOutcome.Applied, viaResp.Outcome);
        Assert.Equal((viaSe.Scanned, viaSe.Modified, viaSe.FieldsChanged), (viaResp.Scanned, viaResp.Modified, viaResp.FieldsChanged));
        Assert.Equal(Enumerable.Range(0, 3_000).Count(i => i % 90 < 50), viaResp.Modified);
        Assert.Equal(afterSe, afterResp);
        Assert.Equal("\"active\"", afterResp["p10"]["status"]);
        Assert.False(afterResp["p10"].ContainsKey("name"));

        await resp.Runner(new ActivateAndForget()).RollbackAsync(viaResp.Id, dryRun: false, Ct);
        Assert.Equal(before, await DumpAsync(resp, 3_000));
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
        Assert.Equal(MigrationOutcome.Failed, result.Outcome);
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
        var user = "bulk-" + Guid.NewGuid().ToString("N");
        await redis.Db.ExecuteAsync("ACL", "SETUSER", user, "on", ">pw", "+@all", "%R~*", $"%W~{rig.Ns}:person:p[0-8]*", $"~*{rig.Ns}:migrations*");
        try
        {
            await rig.SeedAsync(1_000);
            rig = WithTransport(rig, BulkTransportKind.Resp, new RespConnectionOptions { Port = redis.Port, User = user, Password = "pw" });
            var refused = Enumerable.Range(0, 1_000).Where(i => i % 90 < 50 && $"{i}".StartsWith('9')).Select(i => $"{rig.Ns}:person:p{i}:object").ToHashSet();

            var result = Assert.Single((await rig.Runner(new ActivateAndForget()).RunAsync(new MigrationRunOptions { DryRun = false }, Ct)).Migrations);

            Assert.Equal("resp", result.Transport);
            Assert.Equal(MigrationOutcome.Failed, result.Outcome);
            Assert.Equal(refused.Count, result.Errors);
            Assert.All(result.ErrorSamples, e => Assert.Contains(e.Key, refused));
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
}
