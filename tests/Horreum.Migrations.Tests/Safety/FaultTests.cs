using System.Diagnostics;
using Horreum.Migrations.Engine;
using Horreum.Migrations.FaultHost;
using Horreum.Migrations.Hosting;
using Horreum.Migrations.Registry;
using Horreum.Orm;
using Horreum.Orm.Embedded;
using Horreum.TestKit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace Horreum.Migrations.Tests.Safety;

/// <summary>Faults against real servers: a SIGKILLed runner, a restarted server, three hosts booting at once.</summary>
public sealed class FaultTests(RedisFixture redis)
{
    private const int KillRecords = 200_000;
    private const int KillRounds = 10;


    [Fact]
    public async Task Run_of_every_kind_killed_at_random_points_resumes_and_counts_every_record_once()
    {
        var ct = TestContext.Current.CancellationToken;
        var output = TestContext.Current.TestOutputHelper!;
        // A private server: 200k keys on the shared one would slow every other test's SCAN.
        await using var server = await LocalRedisServer.StartAsync(cancellationToken: ct);
        var mux = await ConnectionMultiplexer.ConnectAsync(server.ConfigurationString + ",syncTimeout=30000");
        try
        {
            const string ns = "kill";
            var client = new HorreumClient(mux, new HorreumOptions { KeyNamespace = ns });
            var seedClock = Stopwatch.StartNew();
            await client.Repository<FaultRecord>().SaveManyAsync(Enumerable.Range(0, KillRecords).Select(i => new FaultRecord { Id = "f" + i, Status = "seed", Stamp = "seed" }), ct);
            output.WriteLine($"seeded {KillRecords} records in {seedClock.ElapsedMilliseconds} ms");

            var seed = Environment.TickCount;
            var rng = new Random(seed);
            output.WriteLine($"random seed {seed}");
            var killedRounds = 0;
            var killedKinds = new HashSet<FaultKind>();
            for (var round = 1; round <= KillRounds; round++)
            {
                var clock = Stopwatch.StartNew();
                // 400 pages of 500: kill after page 12..300, always past the first checkpoint (every 5,000), and
                // well before the end, so the pass (faster since issue 14) rarely finishes before the kill lands.
                var killAfter = rng.Next(12, 300);
                var (killed, lastProgress) = await FaultChild.RunAndKillAsync(server.ConfigurationString, ns, round, killAfter, ct);
                var childMs = clock.ElapsedMilliseconds;

                var options = new MigrationRunnerOptions { CheckpointEvery = 5_000 };
                options.Registry.Prefix = ns + ":migrations";
                var migration = FaultMigrations.For(round);
                var runner = new MigrationRunner(client, [migration], options);
                var run = await runner.RunAsync(new MigrationRunOptions { DryRun = false }, ct);
                // A child can finish its last pages between the progress line that triggers the kill and the kill
                // itself: then nothing is left to resume, and the round counts as not killed.
                killed = killed && run.Migrations.Count > 0;

                var record = await runner.Registry.GetAsync(migration.Id, ct);
                var audit = (RedisResult[])(await mux.GetDatabase().ScriptEvaluateAsync(FaultChild.AuditScript, [], [ns + ":fault_record:*:object", "status", $"\"{FaultMigrations.Target(round)}\"", "stamp", $"\"{FaultMigrations.Target(round)}\""]))!;
                output.WriteLine($"round {round} ({FaultMigrations.KindOf(round)}): kill after {killAfter} pages (killed: {killed}, last progress {lastProgress}), child {childMs} ms, resume {clock.ElapsedMilliseconds - childMs} ms, "
                    + $"resumed: {run.Migrations.SingleOrDefault()?.Resumed}, from cursor {run.Migrations.SingleOrDefault()?.ResumedFrom?.Cursor}, took over lock of pid {run.LockTakenOverFrom?.Pid}");

                Assert.True(run.Succeeded);
                Assert.Equal(MigrationState.Applied, record!.Status);
                Assert.Equal(KillRecords, record.Modified);
                Assert.Equal(KillRecords, (long)audit[0]);
                Assert.Equal(0, (long)audit[1]);
                Assert.Equal(0, (long)audit[2]);
                if (killed)
                {
                    killedRounds++;
                    killedKinds.Add(FaultMigrations.KindOf(round));
                    var result = Assert.Single(run.Migrations);
                    Assert.True(result.Resumed);
                    Assert.Equal(KillRecords, result.Modified);
                    Assert.NotNull(run.LockTakenOverFrom);
                }
                Assert.Null(await runner.Registry.GetCheckpointAsync(migration.Id, ct));
            }
            Assert.True(killedRounds >= KillRounds / 2, $"only {killedRounds} of {KillRounds} children were killed before finishing");
            // Every kind (byte-level, typed and raw Pipeline, typed and raw Model) was killed and resumed at least once.
            Assert.Equal(FaultMigrations.SetStatusKinds.Order(), killedKinds.Order());
        }
        finally
        {
            await mux.CloseAsync(allowCommandsToComplete: false);
            mux.Dispose();
        }
    }

    [Fact]
    public async Task Server_restart_during_a_run_fails_it_clearly_leaves_no_record_half_written_and_the_next_run_resumes()
    {
        var ct = TestContext.Current.CancellationToken;
        var output = TestContext.Current.TestOutputHelper!;
        // Private server with an AOF, so DEBUG RESTART (a real stop and start of the process) keeps the data.
        await using var server = await LocalRedisServer.StartAsync(extraArguments: ["--appendonly", "yes", "--appendfsync", "always"], cancellationToken: ct);
        // No allowAdmin: restart detection must work on the connection an application has.
        var mux = await ConnectionMultiplexer.ConnectAsync(server.ConfigurationString + ",syncTimeout=5000,connectRetry=20");
        try
        {
            const string ns = "restart";
            const int count = 30_000;
            var client = new HorreumClient(mux, new HorreumOptions { KeyNamespace = ns });
            await client.Repository<FaultRecord>().SaveManyAsync(Enumerable.Range(0, count).Select(i => new FaultRecord { Id = "f" + i, Status = "seed", Stamp = "seed" }), ct);
            var options = new MigrationRunnerOptions { CheckpointEvery = 2_000 };
            // A short TTL: the first run cannot release its lock while the server is down, so the second waits it out.
            options.Lock.Ttl = TimeSpan.FromSeconds(5);
            options.Registry.Prefix = ns + ":migrations";
            var migration = FaultMigrations.For(1);
            var pages = 0;
            var restarted = false;
            var progress = new SyncProgress(p =>
            {
                if (++pages == 10 && !restarted)
                {
                    restarted = true;
                    // Fire and forget: the connection drops as the server restarts.
                    _ = RespAsync(server.Port, "DEBUG", "RESTART").ContinueWith(static t => t.Exception, TaskScheduler.Default);
                }
            });

            MigrationRunResult? first = null;
            Exception? thrown = null;
            try
            {
                first = await new MigrationRunner(client, [migration], options).RunAsync(new MigrationRunOptions { DryRun = false, Progress = progress }, ct);
            }
            catch (Exception ex) when (ex is RedisException or HorreumMigrationException or TimeoutException)
            {
                thrown = ex;
            }
            output.WriteLine($"first run: {(first is null ? "threw " + thrown : first.Migrations[0].Outcome + ": " + first.Migrations[0].Error)}");
            Assert.True(restarted);
            Assert.True(thrown is not null || first!.Migrations.Single().Outcome == MigrationState.Failed);
            if (first is not null)
            {
                Assert.Contains("Redis", first.Migrations[0].Error, StringComparison.OrdinalIgnoreCase);
            }

            await LockTests.WaitUntilAsync(() => mux.IsConnected);
            var db = mux.GetDatabase();
            var audit = (RedisResult[])(await RetryAsync(() => db.ScriptEvaluateAsync(FaultChild.AuditScript, [], [ns + ":fault_record:*:object", "status", "\"r1\"", "stamp", "\"r1\""])))!;
            output.WriteLine($"after restart: {(long)audit[0]} records, {(long)audit[1]} not migrated, {(long)audit[2]} half-written");
            Assert.Equal(count, (long)audit[0]);
            Assert.Equal(0, (long)audit[2]);
            Assert.True((long)audit[1] > 0);

            var lockHolder = await RetryAsync(() => db.StringGetAsync(options.Registry.Prefix is var p ? new RegistryKeys(p).Lock : ""));
            if (!lockHolder.IsNull)
            {
                // The first run could not release it while the server was down; it is this process's, so wait it out.
                options.Lock.WaitTimeout = TimeSpan.FromMinutes(1);
            }
            var second = await new MigrationRunner(client, [migration], options).RunAsync(new MigrationRunOptions { DryRun = false }, ct);
            var result = Assert.Single(second.Migrations);
            output.WriteLine($"second run: {result.Outcome}, resumed {result.Resumed} from cursor {result.ResumedFrom?.Cursor}, modified {result.Modified}");
            Assert.Equal(MigrationState.Applied, result.Outcome);
            Assert.True(result.Resumed);
            Assert.Equal(count, result.Modified);
            // The restart was seen: the checkpoint carries the old run_id (read without allowAdmin), the server a new one.
            var info = await RespAsync(server.Port, "INFO", "server");
            var runId = info.Split('\n').Single(l => l.StartsWith("run_id:", StringComparison.Ordinal))["run_id:".Length..].Trim();
            output.WriteLine($"checkpoint run_id {result.ResumedFrom?.ServerRunId}, server run_id now {runId}");
            Assert.NotNull(result.ResumedFrom?.ServerRunId);
            Assert.NotEqual(runId, result.ResumedFrom!.ServerRunId);
            audit = (RedisResult[])(await db.ScriptEvaluateAsync(FaultChild.AuditScript, [], [ns + ":fault_record:*:object", "status", "\"r1\"", "stamp", "\"r1\""]))!;
            Assert.Equal(0, (long)audit[1]);
        }
        finally
        {
            await mux.CloseAsync(allowCommandsToComplete: false);
            mux.Dispose();
        }
    }

    private static async Task<string> RespAsync(int port, string command, params string[] arguments)
    {
        await using var connection = await Horreum.Orm.Transport.RespConnection.ConnectAsync(new Horreum.Orm.Transport.RespConnectionOptions { Port = port });
        return (await connection.ExecuteAsync(command, null, arguments)).Text ?? "";
    }

    [Fact]
    public async Task Three_hosts_booting_together_with_the_wait_policy_apply_each_migration_once_and_all_start()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = RedisFixture.Prefix();
        var muxes = new List<ConnectionMultiplexer>();
        var hosts = new List<IHost>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var mux = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
                muxes.Add(mux);
                var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
                builder.Services.AddSingleton<IConnectionMultiplexer>(mux);
                builder.Services.AddHorreum(o =>
                    {
                        o.RegistryPrefix = ns + ":migrations";
                        o.KeyNamespace = ns;
                    })
                    .AddMigrations(
                        new CountingMigration("20250501_000000_first", ns, TimeSpan.FromMilliseconds(400)),
                        new CountingMigration("20250501_000001_second", ns, TimeSpan.FromMilliseconds(400)))
                    .ApplyPendingMigrationsOnStartup(StartupMigrationPolicy.Wait)
                    .RequireNoPendingMigrationsOnStartup();
                hosts.Add(builder.Build());
            }

            await Task.WhenAll(hosts.Select(h => Task.Run(() => h.StartAsync(ct), ct)));

            foreach (var id in new[] { "20250501_000000_first", "20250501_000001_second" })
            {
                Assert.Equal(1, (long)await redis.Db.StringGetAsync($"{ns}:applied_count:{id}"));
            }
            var registry = new RedisMigrationRegistry(redis.Db, new MigrationRegistryOptions { Prefix = ns + ":migrations" });
            var history = await registry.GetHistoryAsync(100, ct);
            Assert.Equal(2, history.Count(e => e.Status == MigrationState.Applied));
            Assert.Equal(2, history.Count);
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.StopAsync(CancellationToken.None);
                host.Dispose();
            }
            foreach (var mux in muxes)
            {
                await mux.CloseAsync(allowCommandsToComplete: false);
                mux.Dispose();
            }
        }
    }

    [Fact]
    public async Task Host_with_the_gate_refuses_to_start_while_a_migration_is_pending()
    {
        var ns = RedisFixture.Prefix();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSingleton<IConnectionMultiplexer>(redis.Multiplexer);
        builder.Services.AddHorreum(o => o.RegistryPrefix = ns + ":migrations")
            .AddMigrations(new CountingMigration("20250501_000000_first", ns, TimeSpan.Zero))
            .RequireNoPendingMigrationsOnStartup();
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<HorreumMigrationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("20250501_000000_first", ex.Message, StringComparison.Ordinal);
        Assert.False(await redis.Db.KeyExistsAsync($"{ns}:applied_count:20250501_000000_first"));
    }

    private static async Task<T> RetryAsync<T>(Func<Task<T>> action)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await action();
            }
            catch (Exception ex) when (attempt < 50 && ex is RedisException or TimeoutException)
            {
                await Task.Delay(200);
            }
        }
    }
}
