namespace Horreum.Migrations.Lua;

/// <summary>
/// Sources of the built-in scripts. Contract (KEYS, ARGV, replies, errors) is in docs/lua-catalog.md; keep both in step.
/// Every key is a KEYS entry so Redis Cluster can route the call and check that all keys share a slot.
/// </summary>
internal static class BuiltinScripts
{
    // Shared by the hash scripts: a missing key is fine (nothing to do), another type is a precondition failure.
    private const string HashCheck = """
        local function hash_or_none(key)
          local t = redis.call('TYPE', key)['ok']
          if t ~= 'hash' and t ~= 'none' then
            return redis.error_reply('HORREUM_WRONGTYPE key ' .. key .. ' holds a ' .. t .. ', not a hash')
          end
          return nil
        end
        """;

    public const string RenameField = HashCheck + """

        -- rename_field: KEYS[1] hash; ARGV[1] from; ARGV[2] to
        local bad = hash_or_none(KEYS[1])
        if bad then return bad end
        local value = redis.call('HGET', KEYS[1], ARGV[1])
        if not value then return 0 end
        if redis.call('HEXISTS', KEYS[1], ARGV[2]) == 1 then
          return redis.error_reply('HORREUM_TARGET_EXISTS field ' .. ARGV[2] .. ' already exists in ' .. KEYS[1])
        end
        redis.call('HSET', KEYS[1], ARGV[2], value)
        redis.call('HDEL', KEYS[1], ARGV[1])
        return 1
        """;

    public const string CopyField = HashCheck + """

        -- copy_field: KEYS[1] source hash; KEYS[2] destination hash (optional); ARGV[1] from; ARGV[2] to; ARGV[3] fail|overwrite
        local source = KEYS[1]
        local target = KEYS[2] or KEYS[1]
        local mode = ARGV[3] or 'fail'
        if mode ~= 'fail' and mode ~= 'overwrite' then
          return redis.error_reply('HORREUM_BADARG mode must be fail or overwrite, got ' .. mode)
        end
        local bad = hash_or_none(source) or hash_or_none(target)
        if bad then return bad end
        local value = redis.call('HGET', source, ARGV[1])
        if not value then return 0 end
        if mode == 'fail' and redis.call('HEXISTS', target, ARGV[2]) == 1 then
          return redis.error_reply('HORREUM_TARGET_EXISTS field ' .. ARGV[2] .. ' already exists in ' .. target)
        end
        redis.call('HSET', target, ARGV[2], value)
        return 1
        """;

    public const string DeleteField = HashCheck + """

        -- delete_field: KEYS[1] hash; ARGV[1..n] fields
        if #ARGV == 0 then
          return redis.error_reply('HORREUM_BADARG delete_field needs at least one field')
        end
        local bad = hash_or_none(KEYS[1])
        if bad then return bad end
        -- chunks, because unpack() of thousands of arguments overflows the Lua stack
        local deleted = 0
        for i = 1, #ARGV, 1000 do
          deleted = deleted + redis.call('HDEL', KEYS[1], unpack(ARGV, i, math.min(i + 999, #ARGV)))
        end
        return deleted
        """;

    public const string RenameKeyPreserveTtl = """
        -- rename_key_preserve_ttl: KEYS[1] source; KEYS[2] destination
        if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
        if redis.call('EXISTS', KEYS[2]) == 1 then
          return redis.error_reply('HORREUM_TARGET_EXISTS key ' .. KEYS[2] .. ' already exists')
        end
        -- RENAME moves the remaining TTL with the value; done in a script so the existence check and the
        -- rename cannot be separated by another client's write.
        redis.call('RENAME', KEYS[1], KEYS[2])
        return 1
        """;

    public const string BackupAndModifyField = HashCheck + """

        -- backup_and_modify_field: KEYS[1] hash; KEYS[2] backup hash; ARGV[1] field; ARGV[2] new value; ARGV[3] backup TTL ms
        local ttl = tonumber(ARGV[3] or '0')
        if not ttl or ttl < 0 or ttl ~= math.floor(ttl) then
          return redis.error_reply('HORREUM_BADARG backup TTL must be a whole number of milliseconds >= 0')
        end
        local bad = hash_or_none(KEYS[1]) or hash_or_none(KEYS[2])
        if bad then return bad end
        local old = redis.call('HGET', KEYS[1], ARGV[1])
        -- entry name: <byte length of key>:<key><field>, so ':' '{' '}' in key or field cannot make two entries collide
        local entry = string.len(KEYS[1]) .. ':' .. KEYS[1] .. ARGV[1]
        -- HSETNX: the first backup of a field in a migration is the value from before the migration
        if old then
          redis.call('HSETNX', KEYS[2], entry, 'v' .. old)
        else
          redis.call('HSETNX', KEYS[2], entry, 'n')
        end
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
        if ttl > 0 then redis.call('PEXPIRE', KEYS[2], ttl) end
        return old
        """;
}
