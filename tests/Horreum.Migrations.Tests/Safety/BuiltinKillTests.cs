using System.Diagnostics;
using Horreum.Migrations.Engine;
using Horreum.Migrations.FaultHost;
using Horreum.Orm;
using Horreum.Orm.Embedded;
using StackExchange.Redis;

namespace Horreum.Migrations.Tests.Safety;

/// <summary>
/// The built-in kinds (v1 → v2 upgrade, rename) SIGKILLed mid-run in a child process, then resumed: every record is
/// migrated exactly once and none is left half-written, as for the five kinds of <see cref="FaultTests"/>.
/// </summary>
public sealed class BuiltinKillTests
{
    private const int Records = 100_000;

    [Fact]
    public async Task Upgrade_and_rename_killed_at_random_points_resume_and_migrate_every_record_once()
    {
        var ct = TestContext.Current.CancellationToken;
        var output = TestContext.Current.TestOutputHelper!;
        await using var server = await LocalRedisServer.StartAsync(cancellationToken: ct);
        var mux = await ConnectionMultiplexer.ConnectAsync(server.ConfigurationString + ",syncTimeout=30000");
        try
        {
            var db = mux.GetDatabase();
            var seed = Environment.TickCount;
            var rng = new Random(seed);
            output.WriteLine($"random seed {seed}");
            var killed = new List<FaultKind>();

            // The upgrade, twice over fresh v1 data (plain strings): each record ends with both fields JSON.
            const string up = "kill_up";
            var upClient = new HorreumClient(mux, new HorreumOptions { KeyNamespace = up });
            for (var round = 1; round <= 2; round++)
            {
                await SeedV1Async(db, up);
                await KillAndResumeAsync(server.ConfigurationString, upClient, up, round, FaultKind.SerializerUpgrade, rng.Next(12, 140), killed, output, ct);
                var audit = (RedisResult[])(await db.ScriptEvaluateAsync(FaultChild.AuditScript, [], [up + ":fault_record:*:object", "status", "\"seed\"", "stamp", "\"seed\""]))!;
                output.WriteLine($"upgrade round {round}: {(long)audit[0]} records, {(long)audit[1]} not v2, {(long)audit[2]} half");
                Assert.Equal(Records, (long)audit[0]);
                Assert.Equal(0, (long)audit[1]);
                Assert.Equal(0, (long)audit[2]);
                Assert.Equal("\"f7\"", (string?)await db.HashGetAsync(upClient.Repository<FaultRecord>().KeyFor("f7"), "id"));
            }

            // The rename, forth and back over one dataset: the stamp moves whole, never both fields or neither.
            const string rn = "kill_rn";
            var rnClient = new HorreumClient(mux, new HorreumOptions { KeyNamespace = rn });
            await rnClient.Repository<FaultRecord>().SaveManyAsync(Enumerable.Range(0, Records).Select(i => new FaultRecord { Id = "f" + i, Status = "seed", Stamp = "seed" }), ct);
            for (var round = 1; round <= 2; round++)
            {
                await KillAndResumeAsync(server.ConfigurationString, rnClient, rn, round, FaultKind.RenameField, rng.Next(12, 140), killed, output, ct);
                var (from, to) = round % 2 == 1 ? ("stamp", "legacy_stamp") : ("legacy_stamp", "stamp");
                var audit = (RedisResult[])(await db.ScriptEvaluateAsync(FaultChild.AuditScript, [], [rn + ":fault_record:*:object", from, "", to, "\"seed\""]))!;
                output.WriteLine($"rename round {round}: {(long)audit[0]} records, {(long)audit[1]} not renamed, {(long)audit[2]} half");
                Assert.Equal(Records, (long)audit[0]);
                Assert.Equal(0, (long)audit[1]);
                Assert.Equal(0, (long)audit[2]);
            }
            // Each built-in was killed and resumed at least once (a child that finished before its kill point is not).
            Assert.Contains(FaultKind.SerializerUpgrade, killed);
            Assert.Contains(FaultKind.RenameField, killed);
        }
        finally
        {
            await mux.CloseAsync(allowCommandsToComplete: false);
            mux.Dispose();
        }
    }

    private static async Task KillAndResumeAsync(string configuration, HorreumClient client, string ns, int round, FaultKind kind, int killAfter, List<FaultKind> killed, ITestOutputHelper output, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var (wasKilled, lastProgress) = await FaultChild.RunAndKillAsync(configuration, ns, round, killAfter, ct, kind);
        var options = new MigrationRunnerOptions { CheckpointEvery = 5_000 };
        options.Registry.Prefix = ns + ":migrations";
        var migration = FaultMigrations.For(round, kind);
        var runner = new MigrationRunner(client, [migration], options);
        var run = await runner.RunAsync(new MigrationRunOptions { DryRun = false }, ct);
        output.WriteLine($"{kind} round {round}: kill after {killAfter} pages (killed: {wasKilled}, last progress {lastProgress}), then {run.Migrations.Count} run: resumed {(run.Migrations.Count > 0 ? run.Migrations[0].Resumed : null)} from cursor {(run.Migrations.Count > 0 ? run.Migrations[0].ResumedFrom?.Cursor : null)}, {clock.ElapsedMilliseconds} ms");
        var record = await runner.Registry.GetAsync(migration.Id, ct);
        Assert.Equal(MigrationState.Applied, record!.Status);
        Assert.Equal(Records, record.Modified);
        Assert.Null(await runner.Registry.GetCheckpointAsync(migration.Id, ct));
        if (!wasKilled || run.Migrations.Count == 0)
        {
            // The child finished before its kill point (pages can hold more than 500 keys), or its last pages
            // between the progress line that triggered the kill and the kill itself: nothing was left to run.
            Assert.Empty(run.Migrations);
            return;
        }
        killed.Add(kind);
        var result = Assert.Single(run.Migrations);
        Assert.True(run.Succeeded, result.Error);
        Assert.Equal(MigrationState.Applied, result.Outcome);
        Assert.True(result.Resumed);
        Assert.Equal(Records, result.Modified);
        Assert.NotNull(run.LockTakenOverFrom);
    }

    private static async Task SeedV1Async(IDatabase db, string ns)
    {
        // v1: every value a plain string, as Familia 1.x wrote it.
        var batch = db.CreateBatch();
        var writes = new Task[Records];
        for (var i = 0; i < Records; i++)
        {
            writes[i] = batch.HashSetAsync($"{ns}:fault_record:f{i}:object", [new HashEntry("id", "f" + i), new HashEntry("status", "seed"), new HashEntry("stamp", "seed")]);
        }
        batch.Execute();
        await Task.WhenAll(writes);
    }
}
