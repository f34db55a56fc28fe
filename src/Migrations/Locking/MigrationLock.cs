using System.Diagnostics;
using Horreum.Migrations.Lua;
using Horreum.Migrations.Registry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace Horreum.Migrations.Locking;

/// <summary>
/// The one-runner-at-a-time lock (EF Core style: acquire, work, dispose). Taken with a single
/// <c>SET key token NX PX ttl</c> (never EXISTS-then-SET), kept alive by a heartbeat while held, and released only
/// by its owner (compare-and-delete). When the heartbeat cannot renew it, <see cref="LostToken"/> is cancelled so
/// the work stops instead of overlapping with a runner that took the expired lock.
/// </summary>
public sealed class MigrationLock : IAsyncDisposable
{
    private static readonly LuaCatalog s_scripts = CreateScripts();
    private readonly IDatabase _db;
    private readonly MigrationLockOptions _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _lost = new();
    private string _token;
    private Task _heartbeat = Task.CompletedTask;
    private int _disposed;

    private MigrationLock(IDatabase db, string key, MigrationLockHolder holder, MigrationLockHolder? takenOverFrom, MigrationLockOptions options, ILogger logger)
    {
        _db = db;
        Key = key;
        Holder = holder;
        _token = holder.ToJson();
        TakenOverFrom = takenOverFrom;
        _options = options;
        _logger = logger;
    }

    /// <summary>The Redis key of the lock.</summary>
    public string Key { get; }

    /// <summary>This owner's token (current migration included).</summary>
    public MigrationLockHolder Holder { get; private set; }

    /// <summary>The dead holder whose lock was taken over on acquisition (same host, process gone); null normally.</summary>
    public MigrationLockHolder? TakenOverFrom { get; }

    /// <summary>True once the lock could not be renewed (or was removed by someone else).</summary>
    public bool IsLost => _lost.IsCancellationRequested;

    /// <summary>Why the lock was lost, when it was.</summary>
    public string? LostReason { get; private set; }

    /// <summary>Cancelled when the lock is lost: link it into the work the lock protects.</summary>
    public CancellationToken LostToken => _lost.Token;

    /// <summary>
    /// Takes the lock, waiting as <see cref="MigrationLockOptions.WaitTimeout"/> says, and starts the heartbeat.
    /// </summary>
    /// <param name="database">The database holding the registry.</param>
    /// <param name="keys">The registry keys (the lock key is <see cref="RegistryKeys.Lock"/>).</param>
    /// <param name="options">TTL, heartbeat, wait and takeover settings.</param>
    /// <param name="host">This machine's name as recorded in the token (compare with holders for takeover).</param>
    /// <param name="operation">What the lock is for (<c>run</c>, <c>rollback</c>, ...), shown to other runners.</param>
    /// <param name="logger">Where takeovers, waits and heartbeat trouble are logged.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="MigrationLockNotAcquiredException">Another live runner holds the lock past the wait timeout.</exception>
    internal static async Task<MigrationLock> AcquireAsync(IDatabase database, RegistryKeys keys, MigrationLockOptions options, string host, string operation = "run", ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(host);
        options.Validate();
        logger ??= NullLogger.Instance;
        var key = keys.Lock;
        try
        {
            await WarmRenewalAsync(database, key, options, cancellationToken).ConfigureAwait(false);
        }
        catch (RedisServerException ex) when (Engine.AclRefusal.Is(ex))
        {
            // The warm-up touches the lock key first: an ACL user whose key patterns miss the registry learns it here.
            throw new Horreum.Orm.Transport.RedisReplyException("EVALSHA", key, ex.Message);
        }
        var waited = Stopwatch.StartNew();
        var loggedWait = false;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var mine = new MigrationLockHolder
            {
                Host = host,
                Pid = Environment.ProcessId,
                RunId = Guid.NewGuid().ToString("N"),
                StartedAt = DateTime.UtcNow,
                Operation = operation,
            };
            var sent = Stopwatch.GetTimestamp();
            bool taken;
            try
            {
                taken = await database.StringSetAsync(key, mine.ToJson(), options.Ttl, When.NotExists).ConfigureAwait(false);
            }
            catch (RedisServerException ex) when (Engine.AclRefusal.Is(ex))
            {
                // The first registry key a run touches: an ACL user whose key patterns miss the registry learns it here.
                throw new Horreum.Orm.Transport.RedisReplyException("SET", key, ex.Message);
            }
            if (taken)
            {
                return Start(database, key, mine, null, options, logger, sent);
            }

            var current = await database.StringGetAsync(key).ConfigureAwait(false);
            if (current.IsNull)
            {
                // Released or expired between our SET and GET: try again at once.
                continue;
            }
            var holder = MigrationLockHolder.TryParse(current);
            if (holder is not null && options.TakeOverDeadLocalHolder
                && string.Equals(holder.Host, host, StringComparison.OrdinalIgnoreCase)
                && ProcessProbe.IsGone(holder.Pid, holder.StartedAt))
            {
                // Compare-and-swap on the exact token we judged dead, so a fresh holder is never overwritten.
                sent = Stopwatch.GetTimestamp();
                var swapped = (long)await s_scripts.EvaluateAsync(database, LockScripts.SwapName, [key], [current, mine.ToJson(), TtlMs(options.Ttl)], cancellationToken).ConfigureAwait(false);
                if (swapped == 1)
                {
                    logger.LogWarning("Took over the migration lock {Key} from a dead holder ({Holder}): process {Pid} no longer exists on {Host}", key, holder, holder.Pid, holder.Host);
                    return Start(database, key, mine, holder, options, logger, sent);
                }
                continue;
            }

            var described = holder?.ToString() ?? (string?)current;
            var remaining = options.WaitTimeout == Timeout.InfiniteTimeSpan ? Timeout.InfiniteTimeSpan : options.WaitTimeout - waited.Elapsed;
            if (remaining != Timeout.InfiniteTimeSpan && remaining <= TimeSpan.Zero)
            {
                throw new MigrationLockNotAcquiredException(key, described);
            }
            if (!loggedWait)
            {
                logger.LogInformation("Waiting for the migration lock {Key}, held by {Holder}", key, described);
                loggedWait = true;
            }
            var delay = remaining == Timeout.InfiniteTimeSpan || remaining > options.RetryInterval ? options.RetryInterval : remaining;
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Who holds the lock now; null when free (or when the key holds something that is not a token).</summary>
    /// <param name="database">The database holding the registry.</param>
    /// <param name="keys">The registry keys.</param>
    /// <param name="cancellationToken">Checked before reading.</param>
    internal static async Task<MigrationLockHolder?> GetHolderAsync(IDatabase database, RegistryKeys keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(keys);
        cancellationToken.ThrowIfCancellationRequested();
        return MigrationLockHolder.TryParse(await database.StringGetAsync(keys.Lock).ConfigureAwait(false));
    }

    /// <summary>
    /// Removes the lock whoever holds it (<c>horreum unlock --force</c>), in one atomic step, and reports whose it
    /// was. Only for a holder known to be dead: a live holder notices at its next heartbeat and stops.
    /// </summary>
    /// <param name="database">The database holding the registry.</param>
    /// <param name="keys">The registry keys.</param>
    /// <param name="cancellationToken">Checked before the command is sent.</param>
    /// <returns>What was removed: <see cref="ForcedUnlock.Removed"/> false when the lock was free.</returns>
    internal static async Task<ForcedUnlock> ForceReleaseAsync(IDatabase database, RegistryKeys keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(keys);
        var removed = await s_scripts.EvaluateAsync(database, LockScripts.ForceName, [keys.Lock], [], cancellationToken).ConfigureAwait(false);
        var raw = removed.IsNull ? null : (string?)removed;
        return new ForcedUnlock(keys.Lock, raw is not null, MigrationLockHolder.TryParse(raw), raw);
    }

    /// <summary>
    /// Records the migration being worked on in the token (so a waiting runner or <c>unlock</c> shows it), renewing
    /// the lock at the same time.
    /// </summary>
    /// <param name="migrationId">The migration, or null between migrations.</param>
    /// <param name="cancellationToken">Checked before the command is sent.</param>
    /// <exception cref="MigrationLockLostException">The lock is no longer ours.</exception>
    public async Task SetCurrentMigrationAsync(string? migrationId, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var next = Holder with { CurrentMigration = migrationId };
            var json = next.ToJson();
            if (!await SwapAsync(_token, json, cancellationToken).ConfigureAwait(false))
            {
                MarkLost("the lock key no longer holds this runner's token");
                throw new MigrationLockLostException(Key, LostReason!);
            }
            _token = json;
            Holder = next;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Stops the heartbeat and releases the lock if it is still ours (compare-and-delete).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        await _stop.CancelAsync().ConfigureAwait(false);
        await _heartbeat.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (!IsLost)
        {
            try
            {
                var released = (long)await s_scripts.EvaluateAsync(_db, LockScripts.ReleaseName, [Key], [_token]).ConfigureAwait(false);
                if (released == 0)
                {
                    _logger.LogWarning("The migration lock {Key} was no longer ours at release (expired or forced); nothing removed", Key);
                }
            }
            catch (RedisException ex)
            {
                // Not fatal: the lock expires after its TTL without renewals.
                _logger.LogWarning(ex, "Could not release the migration lock {Key}; it expires within {Ttl}", Key, _options.Ttl);
            }
        }
        _stop.Dispose();
        _lost.Dispose();
        _gate.Dispose();
    }

    private static MigrationLock Start(IDatabase db, string key, MigrationLockHolder mine, MigrationLockHolder? takenOver, MigrationLockOptions options, ILogger logger, long sentAt)
    {
        var acquired = new MigrationLock(db, key, mine, takenOver, options, logger);
        acquired._heartbeat = Task.Run(() => acquired.HeartbeatAsync(sentAt));
        logger.LogDebug("Acquired the migration lock {Key} ({Holder})", key, mine);
        return acquired;
    }

    /// <summary>
    /// Runs the renewal once before the lock exists, with an expected token nobody can hold (so it changes nothing):
    /// the server caches the script and this process compiles the path now, instead of the first renewal paying a
    /// NOSCRIPT round trip, a first-chance exception and JIT inside the TTL (issue 13 item 7: with a 300 ms TTL that
    /// first renewal arrived after the key had expired).
    /// </summary>
    private static async Task WarmRenewalAsync(IDatabase database, string key, MigrationLockOptions options, CancellationToken cancellationToken)
    {
        var nobody = "warm-" + Guid.NewGuid().ToString("N");
        await s_scripts.EvaluateAsync(database, LockScripts.SwapName, [key], [nobody, nobody, TtlMs(options.Ttl)], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Renews on a schedule counted from when the last successful renewal (or the acquiring SET) was sent, which is
    /// when the server's TTL started: a late wake-up renews at once instead of sleeping a whole interval more, and
    /// the time a renewal spends in flight never pushes the next one later.
    /// </summary>
    private async Task HeartbeatAsync(long renewedAt)
    {
        var interval = _options.EffectiveHeartbeatInterval;
        var backoff = TimeSpan.Zero;
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var due = interval - Stopwatch.GetElapsedTime(renewedAt);
                var wait = due > backoff ? due : backoff;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, _stop.Token).ConfigureAwait(false);
                }
                await _gate.WaitAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            try
            {
                var sent = Stopwatch.GetTimestamp();
                if (!await SwapAsync(_token, _token, CancellationToken.None).ConfigureAwait(false))
                {
                    var since = Stopwatch.GetElapsedTime(renewedAt);
                    MarkLost($"the lock key no longer holds this runner's token (expired: {since.TotalMilliseconds:0} ms since the last renewal against a TTL of {_options.Ttl.TotalMilliseconds:0} ms, or forced open)");
                    return;
                }
                renewedAt = sent;
                backoff = TimeSpan.Zero;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                // A blip is survivable while the lock is still alive on the server; past the TTL it is not ours.
                var since = Stopwatch.GetElapsedTime(renewedAt);
                if (since >= _options.Ttl)
                {
                    MarkLost($"could not renew it for {since.TotalSeconds:0.0} s, longer than its TTL: {ex.Message}");
                    return;
                }
                _logger.LogWarning("Could not renew the migration lock {Key} ({Message}); retrying", Key, ex.Message);
                backoff = interval / 4;   // retry soon, but never in a tight loop against a server that is down
            }
            finally
            {
                _gate.Release();
            }
        }
    }

    private async Task<bool> SwapAsync(string expected, string next, CancellationToken cancellationToken) =>
        (long)await s_scripts.EvaluateAsync(_db, LockScripts.SwapName, [Key], [expected, next, TtlMs(_options.Ttl)], cancellationToken).ConfigureAwait(false) == 1;

    private void MarkLost(string reason)
    {
        if (IsLost)
        {
            return;
        }
        LostReason = reason;
        _logger.LogError("Lost the migration lock {Key}: {Reason}; stopping the run", Key, reason);
        _lost.Cancel();
    }

    private static long TtlMs(TimeSpan ttl) => (long)Math.Ceiling(ttl.TotalMilliseconds);

    private static LuaCatalog CreateScripts()
    {
        var catalog = new LuaCatalog();
        catalog.Register(LockScripts.SwapName, LockScripts.Swap);
        catalog.Register(LockScripts.ReleaseName, LockScripts.Release);
        catalog.Register(LockScripts.ForceName, LockScripts.Force);
        return catalog;
    }
}
