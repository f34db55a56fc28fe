namespace Horreum.Migrations.Locking;

/// <summary>What <c>unlock --force</c> did.</summary>
/// <param name="LockKey">The lock key.</param>
/// <param name="Removed">Whether there was a lock to remove.</param>
/// <param name="Holder">The holder it belonged to, when its token could be read.</param>
/// <param name="RawValue">The value removed, as stored (shown when it is not a Horreum token).</param>
public sealed record ForcedUnlock(string LockKey, bool Removed, MigrationLockHolder? Holder, string? RawValue);
