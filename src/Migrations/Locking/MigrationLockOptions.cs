namespace Horreum.Migrations.Locking;

/// <summary>How the runner takes the migration lock. Defaults: 30 s TTL renewed every 10 s, fail fast when held.</summary>
public sealed class MigrationLockOptions
{
    /// <summary>
    /// How long the lock outlives its holder when the holder stops renewing it (crash, network loss). A live
    /// holder renews it every <see cref="HeartbeatInterval"/>, so a migration may run far longer. Default 30 s.
    /// </summary>
    public TimeSpan Ttl { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the holder renews the lock; null (default) means a third of <see cref="Ttl"/>.</summary>
    public TimeSpan? HeartbeatInterval { get; set; }

    /// <summary>
    /// How long to wait for a held lock: <see cref="TimeSpan.Zero"/> (default) fails at once with
    /// <see cref="MigrationLockNotAcquiredException"/>; <see cref="Timeout.InfiniteTimeSpan"/> waits until it is free.
    /// </summary>
    public TimeSpan WaitTimeout { get; set; } = TimeSpan.Zero;

    /// <summary>How often a waiting runner tries again. Default 200 ms.</summary>
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// When true (default), a lock held by a process on this same host that no longer exists is taken over at
    /// once instead of waiting for its TTL; the takeover is logged and reported.
    /// </summary>
    public bool TakeOverDeadLocalHolder { get; set; } = true;

    /// <summary>The heartbeat interval in effect.</summary>
    public TimeSpan EffectiveHeartbeatInterval => HeartbeatInterval ?? Ttl / 3;

    /// <summary>Throws <see cref="ArgumentException"/> when a setting is out of range.</summary>
    public void Validate()
    {
        if (Ttl < TimeSpan.FromMilliseconds(50))
        {
            throw new ArgumentException($"Lock Ttl must be at least 50 ms (was {Ttl}).", nameof(Ttl));
        }
        if (EffectiveHeartbeatInterval <= TimeSpan.Zero || EffectiveHeartbeatInterval >= Ttl)
        {
            throw new ArgumentException($"Lock HeartbeatInterval must be positive and shorter than the Ttl ({Ttl}); was {EffectiveHeartbeatInterval}.", nameof(HeartbeatInterval));
        }
        if (WaitTimeout < TimeSpan.Zero && WaitTimeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentException($"Lock WaitTimeout must be zero (fail fast), positive, or Timeout.InfiniteTimeSpan (was {WaitTimeout}).", nameof(WaitTimeout));
        }
        if (RetryInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException($"Lock RetryInterval must be positive (was {RetryInterval}).", nameof(RetryInterval));
        }
    }
}
