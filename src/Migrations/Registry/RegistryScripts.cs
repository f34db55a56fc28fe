namespace Horreum.Migrations.Registry;

/// <summary>The registry's own scripts: one per kind of write, so each event is one atomic step.</summary>
internal static class RegistryScripts
{
    public const string RecordName = "horreum_registry_record";

    // KEYS: applied zset, meta hash, history list. ARGV: id, status, metadata JSON, score, event JSON, history cap.
    // Types are checked before the first write: Redis does not undo earlier writes when a script fails midway.
    public const string Record = """
        local function check(key, want)
          local t = redis.call('TYPE', key)['ok']
          if t ~= want and t ~= 'none' then
            return redis.error_reply('HORREUM_WRONGTYPE registry key ' .. key .. ' holds a ' .. t .. ', expected a ' .. want)
          end
        end
        local bad = check(KEYS[1], 'zset') or check(KEYS[2], 'hash') or check(KEYS[3], 'list')
        if bad then return bad end
        local id, status = ARGV[1], ARGV[2]
        if status == 'rolled_back' then
          if not redis.call('ZSCORE', KEYS[1], id) then return 0 end
          redis.call('ZREM', KEYS[1], id)
        elseif status == 'applied' or status == 'not_applicable' then
          redis.call('ZADD', KEYS[1], ARGV[4], id)
        else
          redis.call('ZREM', KEYS[1], id)
        end
        redis.call('HSET', KEYS[2], id, ARGV[3])
        redis.call('RPUSH', KEYS[3], ARGV[5])
        redis.call('LTRIM', KEYS[3], -tonumber(ARGV[6]), -1)
        return 1
        """;

    public const string BackupName = "horreum_registry_backup";

    // KEYS: backup hash. ARGV: TTL ms, then name/value pairs. HSETNX: the first backup of a field wins.
    public const string Backup = """
        local t = redis.call('TYPE', KEYS[1])['ok']
        if t ~= 'hash' and t ~= 'none' then
          return redis.error_reply('HORREUM_WRONGTYPE backup key ' .. KEYS[1] .. ' holds a ' .. t .. ', expected a hash')
        end
        local added = 0
        for i = 2, #ARGV, 2 do
          added = added + redis.call('HSETNX', KEYS[1], ARGV[i], ARGV[i + 1])
        end
        if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
        return added
        """;
}
