using System.Text;
using Horreum.Migrations.Builtin;
using Horreum.Migrations.Engine;
using Horreum.Migrations.Tests.Engine;
using Horreum.Migrations.Tests.Safety;
using Horreum.Orm;
using Horreum.Orm.Modeling;
using Horreum.TestKit;

namespace Horreum.Migrations.Tests.Builtin;

[Feature("relationships"), Feature("object_identifier")]
public sealed class Member
{
    [Identifier, ObjectIdentifier] public string Id { get; set; } = "";
    [UniqueIndex("email_lookup")] public string? Email { get; set; }
    [MultiIndex("role_index")] public string? Role { get; set; }
}

[Model(Prefix = "member")]
public sealed class MemberWithoutIndexes
{
    [Identifier] public string Id { get; set; } = "";
    public string? Email { get; set; }
    public string? Role { get; set; }
}

[Feature("encrypted_fields")]
public sealed class Locker
{
    [Identifier] public string Id { get; set; } = "";
    public string? Label { get; set; }
    [Encrypted] public ConcealedString? Secret { get; set; }
    [Encrypted(AadFields = ["label"])] public ConcealedString? Pin { get; set; }
}

internal sealed class RebuildMemberIndexes : RebuildIndexesMigration<Member>
{
    public override string Id => "20261204_000000_rebuild_member_indexes";
}

internal sealed class RotateLockerKeys : RotateEncryptionKeyMigration<Locker>
{
    public override string Id => "20261204_000001_rotate_locker_keys";
}

public sealed class FeatureMigrationTests(RedisFixture redis)
{
    private static readonly byte[] s_v1 = Encoding.ASCII.GetBytes("golden-familia-key-0123456789abc");
    private static readonly byte[] s_v2 = Encoding.ASCII.GetBytes("second-key-for-rotation-tests-32");

    private static async Task SeedUnindexedAsync(EngineRig rig, int count) =>
        await rig.Client.Repository<MemberWithoutIndexes>().SaveManyAsync(Enumerable.Range(0, count).Select(i =>
            new MemberWithoutIndexes { Id = $"m{i}", Email = $"m{i}@example.com", Role = i % 3 == 0 ? "admin" : "user" }), TestContext.Current.CancellationToken);

    [Fact]
    public async Task Rebuild_dry_run_lists_what_it_would_add_and_remove_writes_nothing_and_the_run_leaves_clean_indexes()
    {
        var rig = EngineRig.Create(redis);
        var ct = TestContext.Current.CancellationToken;
        // Records written before the model had indexes, plus a stale entry and a wrong one.
        await SeedUnindexedAsync(rig, 30);
        await redis.Db.HashSetAsync($"{rig.Ns}:member:email_lookup", "gone@example.com", "m999");
        await redis.Db.SetAddAsync($"{rig.Ns}:member:role_index:admin", "m1");
        var members = rig.Client.Repository<Member>();
        var audit = await members.AuditIndexesAsync(ct);
        Assert.Equal(90, audit.Missing.Count);   // email, role and objid lookup of 30 records
        Assert.Equal(2, audit.Stale.Count);
        Assert.False(audit.IsClean);
        var before = await redis.DigestAsync(rig.Ns + ":member");

        var dry = Assert.Single((await rig.Runner(new RebuildMemberIndexes()).RunAsync(new MigrationRunOptions { DryRun = true }, ct)).Migrations);

        Assert.Equal(90, dry.Stats["index_entries_added"]);
        Assert.Equal(2, dry.Stats["index_entries_removed"]);
        Assert.Contains(dry.PlannedWrites, w => w.Contains("gone@example.com", StringComparison.Ordinal) && w.StartsWith("remove", StringComparison.Ordinal));
        Assert.Contains(dry.PlannedWrites, w => w.Contains("m7@example.com", StringComparison.Ordinal) && w.StartsWith("add", StringComparison.Ordinal));
        Assert.Equal(before, await redis.DigestAsync(rig.Ns + ":member"));

        var run = Assert.Single((await rig.Runner(new RebuildMemberIndexes()).RunAsync(new MigrationRunOptions { DryRun = false }, ct)).Migrations);

        Assert.Equal(MigrationState.Applied, run.Outcome);
        Assert.True((await members.AuditIndexesAsync(ct)).IsClean);
        Assert.Equal("m7", (await members.FindByAsync("email_lookup", "m7@example.com", ct))!.Id);
        Assert.Equal(10, (await members.FindAllByAsync("role_index", "admin", ct)).Count);
        await Assert.ThrowsAsync<MigrationNotReversibleException>(() => rig.Runner(new RebuildMemberIndexes()).RollbackAsync(run.Id, dryRun: false, ct));
    }

    [Fact]
    public async Task Rebuild_reports_two_records_claiming_one_unique_value_as_record_errors()
    {
        var rig = EngineRig.Create(redis);
        var ct = TestContext.Current.CancellationToken;
        var plain = rig.Client.Repository<MemberWithoutIndexes>();
        await plain.SaveAsync(new MemberWithoutIndexes { Id = "a", Email = "same@example.com" }, ct);
        await plain.SaveAsync(new MemberWithoutIndexes { Id = "b", Email = "same@example.com" }, ct);

        var run = Assert.Single((await rig.Runner(new RebuildMemberIndexes()).RunAsync(new MigrationRunOptions { DryRun = false }, ct)).Migrations);

        Assert.Equal(MigrationState.Failed, run.Outcome);
        Assert.Equal(1, run.Errors);
        Assert.Contains("same@example.com", run.ErrorSamples[0].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rebuild_interrupted_mid_pass_resumes_from_its_checkpoint_and_ends_clean()
    {
        var rig = EngineRig.Create(redis);
        var ct = TestContext.Current.CancellationToken;
        rig.Options.CheckpointEvery = 200;
        await SeedUnindexedAsync(rig, 2_000);
        using var stop = new CancellationTokenSource();
        var pages = 0;
        var interrupted = new MigrationRunOptions { DryRun = false, Progress = new SyncProgress(_ => { if (++pages == 2) { stop.Cancel(); } }) };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => rig.Runner(new RebuildMemberIndexes()).RunAsync(interrupted, stop.Token));
        Assert.False((await rig.Client.Repository<Member>().AuditIndexesAsync(ct)).IsClean);

        var run = Assert.Single((await rig.Runner(new RebuildMemberIndexes()).RunAsync(new MigrationRunOptions { DryRun = false }, ct)).Migrations);

        Assert.Equal(MigrationState.Applied, run.Outcome);
        Assert.True(run.Resumed);
        Assert.True((await rig.Client.Repository<Member>().AuditIndexesAsync(ct)).IsClean);
    }

    private HorreumClient KeyedClient(EngineRig rig, bool rotated)
    {
        var client = new HorreumClient(redis.Multiplexer, new HorreumOptions { KeyNamespace = rig.Ns });
        client.Options.Encryption.AddKey("v1", s_v1);
        if (rotated)
        {
            client.Options.Encryption.AddKey("v2", s_v2);
            client.Options.Encryption.CurrentKeyVersion = "v2";
        }
        return client;
    }

    private static string KeyVersion(string envelope) => System.Text.Json.JsonDocument.Parse(envelope).RootElement.GetProperty("key_version").GetString()!;

    [Fact]
    public async Task Key_rotation_dry_run_counts_run_re_encrypts_and_rollback_restores_the_old_envelopes()
    {
        var rig = EngineRig.Create(redis);
        var ct = TestContext.Current.CancellationToken;
        var old = KeyedClient(rig, rotated: false);
        await old.Repository<Locker>().SaveManyAsync(Enumerable.Range(0, 20).Select(i => new Locker
        {
            Id = $"l{i}", Label = $"label {i}", Secret = ConcealedString.From($"secret {i}"), Pin = i % 2 == 0 ? ConcealedString.From($"{i:0000}") : null,
        }), ct);
        var rotated = KeyedClient(rig, rotated: true);
        var options = new MigrationRunnerOptions();
        options.Registry.Prefix = rig.Ns + ":migrations";
        var before = await redis.DigestAsync(rig.Ns + ":locker");

        var dry = Assert.Single((await new MigrationRunner(rotated, [new RotateLockerKeys()], options).RunAsync(new MigrationRunOptions { DryRun = true }, ct)).Migrations);
        Assert.Equal(20, dry.Modified);
        Assert.Equal(30, dry.FieldsChanged);
        Assert.Equal(before, await redis.DigestAsync(rig.Ns + ":locker"));

        var run = Assert.Single((await new MigrationRunner(rotated, [new RotateLockerKeys()], options).RunAsync(new MigrationRunOptions { DryRun = false }, ct)).Migrations);
        Assert.Equal(MigrationState.Applied, run.Outcome);
        var envelopes = (await redis.Db.HashGetAllAsync($"{rig.Ns}:locker:l4:object")).ToDictionary(e => (string)e.Name!, e => (string)e.Value!);
        Assert.Equal("v2", KeyVersion(envelopes["secret"]));
        Assert.Equal("v2", KeyVersion(envelopes["pin"]));
        var onlyV2 = new HorreumClient(redis.Multiplexer, new HorreumOptions { KeyNamespace = rig.Ns });
        onlyV2.Options.Encryption.AddKey("v2", s_v2);
        var l4 = await onlyV2.Repository<Locker>().LoadAsync("l4", ct);
        Assert.Equal("secret 4", l4!.Secret!.Reveal());
        Assert.Equal("0004", l4.Pin!.Reveal());
        Assert.Empty((await new MigrationRunner(rotated, [new RotateLockerKeys()], options).RunAsync(new MigrationRunOptions { DryRun = false }, ct)).Migrations);

        var rollback = await new MigrationRunner(rotated, [new RotateLockerKeys()], options).RollbackAsync(run.Id, dryRun: false, ct);
        Assert.Equal(30, rollback.FieldsRestored);
        Assert.Equal(before, await redis.DigestAsync(rig.Ns + ":locker"));
    }

    [Fact]
    public async Task Key_rotation_interrupted_mid_pass_resumes_and_every_record_ends_on_the_current_key()
    {
        var rig = EngineRig.Create(redis);
        var ct = TestContext.Current.CancellationToken;
        var old = KeyedClient(rig, rotated: false);
        await old.Repository<Locker>().SaveManyAsync(Enumerable.Range(0, 1_500).Select(i => new Locker { Id = $"l{i}", Secret = ConcealedString.From($"s{i}") }), ct);
        var rotated = KeyedClient(rig, rotated: true);
        var options = new MigrationRunnerOptions { CheckpointEvery = 100 };
        options.Registry.Prefix = rig.Ns + ":migrations";
        using var stop = new CancellationTokenSource();
        var pages = 0;
        var interrupted = new MigrationRunOptions { DryRun = false, Progress = new SyncProgress(_ => { if (++pages == 2) { stop.Cancel(); } }) };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new MigrationRunner(rotated, [new RotateLockerKeys()], options).RunAsync(interrupted, stop.Token));
        var run = Assert.Single((await new MigrationRunner(rotated, [new RotateLockerKeys()], options).RunAsync(new MigrationRunOptions { DryRun = false }, ct)).Migrations);

        Assert.Equal(MigrationState.Applied, run.Outcome);
        Assert.True(run.Resumed);
        var versions = new List<string>();
        for (var i = 0; i < 1_500; i++)
        {
            versions.Add(KeyVersion((string)(await redis.Db.HashGetAsync($"{rig.Ns}:locker:l{i}:object", "secret"))!));
        }
        Assert.All(versions, v => Assert.Equal("v2", v));
    }
}
