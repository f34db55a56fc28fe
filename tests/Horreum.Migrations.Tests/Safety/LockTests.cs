using System.Diagnostics;
using Horreum.Migrations.Engine;
using Horreum.Migrations.Registry;
using Horreum.Migrations.Locking;
using Horreum.Migrations.Tests.Engine;
using Horreum.Orm.Embedded;
using Horreum.TestKit;
using StackExchange.Redis;

namespace Horreum.Migrations.Tests.Safety;

public sealed class LockTests(RedisFixture redis)
{
    [Fact]
    public async Task AcquireLockAsync_when_held_fails_fast_naming_the_holder()
    {
        var rig = EngineRig.Create(redis);
        var runner = rig.Runner();
        await using var held = await runner.AcquireLockAsync("run", null, TestContext.Current.CancellationToken);

        var ex = await Assert.ThrowsAsync<MigrationLockNotAcquiredException>(() => rig.Runner().AcquireLockAsync("run", null, TestContext.Current.CancellationToken));

        Assert.Equal(runner.Registry.Keys.Lock, ex.LockKey);
        Assert.Contains(held.Holder.RunId, ex.Holder, StringComparison.Ordinal);
        Assert.Contains($"pid {Environment.ProcessId}", ex.Holder, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lock_is_released_only_by_its_owner()
    {
        var rig = EngineRig.Create(redis);
        var runner = rig.Runner();
        var first = await runner.AcquireLockAsync("run", null, TestContext.Current.CancellationToken);
        var forced = await runner.ForceUnlockAsync(TestContext.Current.CancellationToken);
        Assert.True(forced.Removed);
        Assert.Equal(first.Holder.RunId, forced.Holder!.RunId);

        await using var second = await runner.AcquireLockAsync("run", null, TestContext.Current.CancellationToken);
        await first.DisposeAsync();

        Assert.Equal(second.Holder.RunId, (await runner.GetLockHolderAsync(TestContext.Current.CancellationToken))!.RunId);
    }

    [Fact]
    public async Task ForceUnlockAsync_makes_a_live_holder_notice_it_lost_the_lock()
    {
        var rig = EngineRig.Create(redis);
        rig.Options.Lock.Ttl = TimeSpan.FromMilliseconds(600);
        var runner = rig.Runner();
        await using var held = await runner.AcquireLockAsync("run", null, TestContext.Current.CancellationToken);

        var forced = await runner.ForceUnlockAsync(TestContext.Current.CancellationToken);

        Assert.Equal(held.Holder.RunId, forced.Holder!.RunId);
        await WaitUntilAsync(() => held.IsLost);
        Assert.True(held.LostToken.IsCancellationRequested);
    }

    [Fact]
    public async Task Lock_of_a_holder_that_stopped_renewing_expires_and_a_waiting_runner_gets_it()
    {
        var rig = EngineRig.Create(redis);
        var runner = rig.Runner();
        var ghost = new MigrationLockHolder { Host = "another-host", Pid = 1, RunId = "ghost", StartedAt = DateTime.UtcNow };
        await redis.Db.StringSetAsync(runner.Registry.Keys.Lock, ghost.ToJson(), TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAsync<MigrationLockNotAcquiredException>(() => runner.AcquireLockAsync("run", TimeSpan.Zero, TestContext.Current.CancellationToken));

        await using var taken = await runner.AcquireLockAsync("run", TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Null(taken.TakenOverFrom);
        Assert.Equal(taken.Holder.RunId, (await runner.GetLockHolderAsync(TestContext.Current.CancellationToken))!.RunId);
    }

    [Fact]
    public async Task RunAsync_takes_over_at_once_the_lock_of_a_dead_process_on_this_host_and_says_so()
    {
        var rig = EngineRig.Create(redis);
        var log = new List<string>();
        var runner = rig.Runner(new MarkerMigration("20250101_000000_a", rig.Ns, log));
        var deadPid = await DeadPidAsync();
        var dead = new MigrationLockHolder { Host = rig.Options.Registry.Host, Pid = deadPid, RunId = "dead", StartedAt = DateTime.UtcNow.AddMinutes(-1) };
        await redis.Db.StringSetAsync(runner.Registry.Keys.Lock, dead.ToJson(), TimeSpan.FromHours(1));

        var run = await runner.RunAsync(new MigrationRunOptions { DryRun = false }, TestContext.Current.CancellationToken);

        Assert.True(run.Succeeded);
        Assert.Equal(["20250101_000000_a"], log);
        Assert.Equal(deadPid, run.LockTakenOverFrom!.Pid);
        Assert.False(await redis.Db.KeyExistsAsync(runner.Registry.Keys.Lock));
    }

    [Fact]
    public async Task RunAsync_with_a_live_holder_on_this_host_fails_fast_and_leaves_its_lock()
    {
        var rig = EngineRig.Create(redis);
        var runner = rig.Runner(new MarkerMigration("20250101_000000_a", rig.Ns, []));
        var live = new MigrationLockHolder { Host = rig.Options.Registry.Host, Pid = Environment.ProcessId, RunId = "live", StartedAt = DateTime.UtcNow };
        await redis.Db.StringSetAsync(runner.Registry.Keys.Lock, live.ToJson(), TimeSpan.FromHours(1));

        await Assert.ThrowsAsync<MigrationLockNotAcquiredException>(() => runner.RunAsync(new MigrationRunOptions { DryRun = false }, TestContext.Current.CancellationToken));

        Assert.Equal("live", (await runner.GetLockHolderAsync(TestContext.Current.CancellationToken))!.RunId);
        Assert.Empty(await runner.Registry.GetDoneIdsAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task AcquireAsync_has_the_renewal_script_cached_on_the_server_before_the_lock_exists()
    {
        // The first renewal must be one EVALSHA round trip: on a server that never saw the script it used to pay
        // EVALSHA → NOSCRIPT → EVAL (plus a first-chance exception) inside the TTL, which a 300 ms lock did not survive.
        var ct = TestContext.Current.CancellationToken;
        await using var server = await LocalRedisServer.StartAsync(cancellationToken: ct);   // a script cache nobody else filled
        using var mux = await ConnectionMultiplexer.ConnectAsync(server.ConfigurationString);
        var db = mux.GetDatabase();
        var sha = new Horreum.Migrations.Lua.LuaCatalog().Register(LockScripts.SwapName, LockScripts.Swap).Sha1;
        Assert.Equal(0, (long)(await db.ExecuteAsync("SCRIPT", "EXISTS", sha))[0]);

        await using var held = await MigrationLock.AcquireAsync(db, new RegistryKeys("warm"), new MigrationLockOptions { Ttl = TimeSpan.FromSeconds(30) }, "host", cancellationToken: ct);

        Assert.Equal(1, (long)(await db.ExecuteAsync("SCRIPT", "EXISTS", sha))[0]);
        Assert.Equal(held.Holder.RunId, (await MigrationLock.GetHolderAsync(db, new RegistryKeys("warm"), ct))!.RunId);
    }

    [Fact]
    public async Task Live_holder_keeps_its_lock_through_a_migration_longer_than_the_ttl()
    {
        var rig = EngineRig.Create(redis);
        // A TTL short enough that the run outlives it three times over, long enough that a renewal delayed by a busy
        // machine (a GC, the other tests of the run) still lands before it: at 300 ms this flaked under load.
        rig.Options.Lock.Ttl = TimeSpan.FromSeconds(1);
        var slow = new CountingMigration("20250101_000000_slow", rig.Ns, TimeSpan.FromMilliseconds(3500));
        var runner = rig.Runner(slow);
        var lockKey = runner.Registry.Keys.Lock;

        var running = runner.RunAsync(new MigrationRunOptions { DryRun = false }, TestContext.Current.CancellationToken);
        // RunAsync returns at its first await, before the lock is necessarily taken: sample from the moment it is held.
        while (!running.IsCompleted && await runner.GetLockHolderAsync(TestContext.Current.CancellationToken) is null)
        {
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
        var seenHeld = 0;
        var contenders = 0;
        while (!running.IsCompleted)
        {
            // Sampled well past the TTL: the key must be there every time, and a second runner must be refused.
            var holder = await runner.GetLockHolderAsync(TestContext.Current.CancellationToken);
            if (running.IsCompleted)
            {
                break;
            }
            Assert.NotNull(holder);
            Assert.Equal("20250101_000000_slow", holder.CurrentMigration ?? "20250101_000000_slow");
            seenHeld++;
            if (seenHeld % 5 == 0)
            {
                try
                {
                    var contender = await rig.Runner(slow).RunAsync(new MigrationRunOptions { DryRun = false }, TestContext.Current.CancellationToken);
                    // It took the lock: fair only if the holder released it at its end between the sample above and
                    // this attempt. Then the migration is already applied and the contender must find nothing to do;
                    // a lock that lapsed under a live holder would let it apply the migration a second time.
                    Assert.DoesNotContain(contender.Migrations, m => m.Outcome == MigrationState.Applied);
                    break;
                }
                catch (MigrationLockNotAcquiredException)
                {
                    contenders++;
                }
            }
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
        var run = await running;

        Assert.True(run.Succeeded);
        Assert.True(contenders >= 1);
        Assert.Equal(1, (long)await redis.Db.StringGetAsync(slow.CounterKey));
        Assert.False(await redis.Db.KeyExistsAsync(lockKey));
    }

    [Fact]
    public async Task Two_runners_started_together_apply_each_migration_once()
    {
        var rig = EngineRig.Create(redis);
        rig.Options.Lock.WaitTimeout = Timeout.InfiniteTimeSpan;
        MigrationRunner Make() => rig.Runner(
            new CountingMigration("20250101_000000_one", rig.Ns, TimeSpan.FromMilliseconds(200)),
            new CountingMigration("20250101_000001_two", rig.Ns, TimeSpan.FromMilliseconds(200)));
        var a = Make();
        var b = Make();

        var runs = await Task.WhenAll(
            Task.Run(() => a.RunAsync(new MigrationRunOptions { DryRun = false }, TestContext.Current.CancellationToken), TestContext.Current.CancellationToken),
            Task.Run(() => b.RunAsync(new MigrationRunOptions { DryRun = false }, TestContext.Current.CancellationToken), TestContext.Current.CancellationToken));

        Assert.All(runs, r => Assert.True(r.Succeeded));
        Assert.Equal(2, runs.Sum(r => r.Migrations.Count(m => m.Outcome == MigrationState.Applied)));
        Assert.Contains(runs, r => r.Migrations.Count == 0);
        foreach (var id in new[] { "20250101_000000_one", "20250101_000001_two" })
        {
            Assert.Equal(1, (long)await redis.Db.StringGetAsync($"{rig.Ns}:applied_count:{id}"));
            var history = await a.Registry.GetHistoryAsync(100, TestContext.Current.CancellationToken);
            Assert.Single(history, e => e.MigrationId == id && e.Status == MigrationState.Applied);
        }
    }

    [Fact]
    public async Task Dry_run_takes_no_lock_and_writes_nothing_while_another_runner_holds_it()
    {
        var rig = EngineRig.Create(redis);
        var runner = rig.Runner(new CountingMigration("20250101_000000_one", rig.Ns, TimeSpan.Zero));
        await using var held = await runner.AcquireLockAsync("run", null, TestContext.Current.CancellationToken);
        var before = await redis.DigestAsync(rig.Ns);

        var dry = await runner.RunAsync(cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(MigrationState.WouldApply, Assert.Single(dry.Migrations).Outcome);
        Assert.Equal(before, await redis.DigestAsync(rig.Ns));
    }

    internal static async Task WaitUntilAsync(Func<bool> condition)
    {
        var sw = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(sw.Elapsed < TimeSpan.FromSeconds(30), "condition not met within 30 s");
            await Task.Delay(20);
        }
    }

    private static async Task<int> DeadPidAsync()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        await process.WaitForExitAsync();
        return process.Id;
    }
}
