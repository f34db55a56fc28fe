namespace Horreum.Migrations;

/// <summary>Another runner holds the migration lock.</summary>
public sealed class MigrationLockNotAcquiredException : HorreumMigrationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="lockKey">The Redis key of the lock.</param>
    /// <param name="holder">The holder's token (host, pid, run id, start), when it could be read.</param>
    public MigrationLockNotAcquiredException(string lockKey, string? holder)
        : base($"Another runner holds the migration lock '{lockKey}' (holder: {holder ?? "unknown"}). "
            + "Wait for it to finish; if that process is gone, `horreum unlock --force` releases the lock.")
    {
        LockKey = lockKey;
        Holder = holder;
    }

    /// <summary>The Redis key of the lock.</summary>
    public string LockKey { get; }

    /// <summary>The holder's token, when it could be read.</summary>
    public string? Holder { get; }
}
