using Horreum.Migrations.Builtin;
using Horreum.Migrations.Drift;
using Horreum.Migrations.Engine;
using Horreum.Migrations.Tests.Builtin;
using Horreum.Migrations.Tests.Engine;
using Horreum.TestKit;
using IndexedMember = Horreum.Migrations.Tests.Builtin.Member;

namespace Horreum.Migrations.Tests.Drift;

public sealed class IndexDriftTests(RedisFixture redis)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Data_drift_reports_missing_stale_and_conflicting_index_entries_and_none_after_a_rebuild()
    {
        var rig = EngineRig.Create(redis);
        var members = rig.Client.Repository<IndexedMember>();
        await members.SaveManyAsync(Enumerable.Range(0, 6).Select(i => new IndexedMember { Id = $"m{i}", Email = $"m{i}@example.com", Role = "user" }), Ct);
        // Written behind the mapper's back: m1's email entry lost, an entry for a record that is gone, and m3 claiming m2's email.
        await redis.Db.HashDeleteAsync($"{rig.Ns}:member:email_lookup", "m1@example.com");
        await redis.Db.HashSetAsync($"{rig.Ns}:member:email_lookup", "gone@example.com", "m999");
        await redis.Db.HashSetAsync($"{rig.Ns}:member:m3:object", "email", "\"m2@example.com\"");
        var runner = rig.Runner(new RebuildMemberIndexes());
        var detector = new DriftDetector(rig.Client, runner);

        var report = await detector.DataDriftAsync([typeof(IndexedMember)], cancellationToken: Ct);

        var email = report.Items.Where(i => i.Field == "email_lookup").ToDictionary(i => i.Change);
        Assert.Equal(DriftKind.Data, email["index entries missing"].Kind);
        Assert.Equal(DriftSeverity.Changed, email["index entries missing"].Severity);
        Assert.Contains($"{rig.Ns}:member:email_lookup[m1@example.com] = m1", email["index entries missing"].ExampleKeys!);
        Assert.Contains($"{rig.Ns}:member:email_lookup[gone@example.com] = m999", email["index entries stale"].ExampleKeys!);
        Assert.Equal(DriftSeverity.Incompatible, email["unique value held twice"].Severity);
        Assert.Contains("m2@example.com", email["unique value held twice"].Detail, StringComparison.Ordinal);
        Assert.Contains("RebuildIndexesMigration", email["index entries missing"].Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(report.Items, i => i.Field == "role_index");

        // The conflict is the data's to settle; once it is, a rebuild leaves no index drift.
        await redis.Db.HashSetAsync($"{rig.Ns}:member:m3:object", "email", "\"m3@example.com\"");
        var run = await runner.RunAsync(new MigrationRunOptions { DryRun = false }, Ct);
        Assert.True(run.Succeeded, run.Migrations[0].Error);

        var after = await detector.DataDriftAsync([typeof(IndexedMember)], cancellationToken: Ct);
        Assert.Empty(after.Items);
    }
}
