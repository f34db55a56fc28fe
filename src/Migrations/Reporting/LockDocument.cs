using Horreum.Migrations.Locking;

namespace Horreum.Migrations.Reporting;

/// <summary><c>horreum unlock --json</c> (without --force) and <c>GET …/api/lock</c>: who holds the runner lock.</summary>
/// <param name="Locked">Whether it is held.</param>
/// <param name="Holder">The holder (host, pid, run id, operation, current migration, start); null when free.</param>
internal sealed record LockDocument(bool Locked, MigrationLockHolder? Holder)
{
    /// <summary>Builds the document from the holder (null: free).</summary>
    public static LockDocument From(MigrationLockHolder? holder) => new(holder is not null, holder);
}
