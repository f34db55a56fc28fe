namespace Horreum.Migrations;

/// <summary>
/// The runner lost the migration lock while working (it could not renew it within its TTL, or another process
/// removed it with <c>unlock --force</c>); the run stopped so two runners never work at once.
/// </summary>
public sealed class MigrationLockLostException : HorreumMigrationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="lockKey">The Redis key of the lock.</param>
    /// <param name="reason">Why the lock was lost.</param>
    /// <param name="innerException">The cancellation or error that stopped the work, when any.</param>
    public MigrationLockLostException(string lockKey, string reason, Exception? innerException = null)
        : base($"The migration lock '{lockKey}' was lost ({reason}); the run stopped. "
            + "Model and Pipeline migrations resume from their last checkpoint when you run again.", innerException!)
    {
        LockKey = lockKey;
        Reason = reason;
    }

    /// <summary>The Redis key of the lock.</summary>
    public string LockKey { get; }

    /// <summary>Why the lock was lost.</summary>
    public string Reason { get; }
}
