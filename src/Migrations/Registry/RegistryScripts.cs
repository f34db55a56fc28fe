namespace Horreum.Migrations.Registry;

/// <summary>The registry's own scripts: one per kind of write, so each event is one atomic step.</summary>
internal static class RegistryScripts
{
    public const string RecordName = "horreum_registry_record";

    // KEYS: applied zset, meta hash, history list, checkpoint hash. ARGV: id, status, metadata JSON, score, event JSON, history cap.
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
        -- A finished (or undone) migration's checkpoint goes with the same write, so it is never resumed by mistake;
        -- a failed one keeps it, so the next run resumes where the failure stopped it.
        if KEYS[4] and status ~= 'failed' then redis.call('DEL', KEYS[4]) end
        redis.call('RPUSH', KEYS[3], ARGV[5])
        redis.call('LTRIM', KEYS[3], -tonumber(ARGV[6]), -1)
        return 1
        """;

    public const string CheckpointName = "horreum_registry_checkpoint";

    // KEYS: checkpoint hash. ARGV: state JSON. The new state replaces the old one and its journal in one step:
    // the journal only ever lists changes after the cursor in the state next to it.
    public const string Checkpoint = """
        local t = redis.call('TYPE', KEYS[1])['ok']
        if t ~= 'hash' and t ~= 'none' then
          return redis.error_reply('HORREUM_WRONGTYPE checkpoint key ' .. KEYS[1] .. ' holds a ' .. t .. ', expected a hash')
        end
        redis.call('DEL', KEYS[1])
        redis.call('HSET', KEYS[1], 'state', ARGV[1])
        return 1
        """;

    public const string RestampName = "horreum_registry_restamp";

    // KEYS: meta hash, history list. ARGV: history cap, then (id, metadata read, new metadata, event JSON) quads.
    // Compare-and-set for all of them: if any entry changed since it was read nothing is written.
    public const string Restamp = """
        for i = 2, #ARGV, 4 do
          if redis.call('HGET', KEYS[1], ARGV[i]) ~= ARGV[i + 1] then
            return redis.error_reply('HORREUM_CHANGED registry entry ' .. ARGV[i] .. ' changed while repairing; run repair again')
          end
        end
        for i = 2, #ARGV, 4 do
          redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 2])
          redis.call('RPUSH', KEYS[2], ARGV[i + 3])
        end
        redis.call('LTRIM', KEYS[2], -tonumber(ARGV[1]), -1)
        return (#ARGV - 1) / 4
        """;
}
