using Horreum.Migrations.Locking;

namespace Horreum.Migrations.Reporting;

/// <summary><c>horreum unlock --force --json</c> and <c>POST …/api/unlock</c>: what breaking the lock did.</summary>
/// <param name="Removed">Whether there was a lock to remove.</param>
/// <param name="LockKey">The lock key.</param>
/// <param name="Holder">Whose it was, when its token could be read.</param>
/// <param name="RawValue">The value removed, only when it was not a Horreum token.</param>
internal sealed record UnlockDocument(bool Removed, string LockKey, MigrationLockHolder? Holder, string? RawValue)
{
    /// <summary>Builds the document from a forced unlock.</summary>
    public static UnlockDocument From(ForcedUnlock result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new UnlockDocument(result.Removed, result.LockKey, result.Holder, result.Holder is null ? result.RawValue : null);
    }
}
