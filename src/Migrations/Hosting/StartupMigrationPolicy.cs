namespace Horreum.Migrations.Hosting;

/// <summary>What an application does at start when another instance holds the migration lock.</summary>
public enum StartupMigrationPolicy
{
    /// <summary>Fail the host (it does not start); a failed migration fails it too. Suits one-instance deployments.</summary>
    Fail,

    /// <summary>Log a warning and start without migrating; a failed migration is logged, not thrown.</summary>
    Warn,

    /// <summary>
    /// Wait for the lock (up to <see cref="HorreumHostingOptions.LockWaitTimeout"/>), then apply what is still
    /// pending (usually nothing: the holder applied it) and start. A failed migration fails the host.
    /// </summary>
    Wait,
}
