namespace Horreum.Migrations.Locking;

/// <summary>The lock's scripts: every change after acquisition is compare-then-act in one atomic step.</summary>
internal static class LockScripts
{
    public const string SwapName = "horreum_lock_swap";

    // KEYS: lock. ARGV: expected token, new token, TTL ms. Renewal (same token), a current-migration update, and
    // a takeover of a dead holder are all "only if it still holds exactly what I saw".
    public const string Swap = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
          return 1
        end
        return 0
        """;

    public const string ReleaseName = "horreum_lock_release";

    // KEYS: lock. ARGV: token. Only the owner deletes: a lock that expired and was taken by another runner stays.
    public const string Release = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          return redis.call('DEL', KEYS[1])
        end
        return 0
        """;

    public const string ForceName = "horreum_lock_force";

    // KEYS: lock. Returns the value it removed, so `unlock --force` can say whose lock it broke.
    public const string Force = """
        local v = redis.call('GET', KEYS[1])
        if v then redis.call('DEL', KEYS[1]) end
        return v
        """;
}
