using StackExchange.Redis;

namespace Horreum.Orm;

/// <summary>
/// Sends the writes of one record as MULTI/EXEC. On a standalone server that is one transaction. On Redis
/// Cluster a MULTI cannot span hash slots, so the writes are grouped by slot: the group of the record's own key
/// (with the create condition, if any) commits first, then one MULTI per other slot (the instances set, related
/// keys). Each group is atomic; a record's own fields always change together.
/// </summary>
internal static class AtomicWriter
{
    public static async Task<bool> ExecuteAsync(HorreumClient client, IReadOnlyList<KeyedCommand> commands, RedisKey primaryKey, Condition? condition)
    {
        var db = client.Database;
        if (!client.IsCluster)
        {
            var tran = db.CreateTransaction();
            if (condition is not null)
            {
                tran.AddCondition(condition);
            }
            foreach (var command in commands)
            {
                _ = command.Queue(tran);
            }
            return await tran.ExecuteAsync().ConfigureAwait(false);
        }

        var mux = client.Connection;
        var primarySlot = mux.HashSlot(primaryKey);
        var first = db.CreateTransaction();
        if (condition is not null)
        {
            first.AddCondition(condition);
        }
        foreach (var command in commands.Where(c => mux.HashSlot(c.Key) == primarySlot))
        {
            _ = command.Queue(first);
        }
        if (!await first.ExecuteAsync().ConfigureAwait(false))
        {
            return false;
        }
        var rest = commands.Where(c => mux.HashSlot(c.Key) != primarySlot)
            .GroupBy(c => mux.HashSlot(c.Key))
            .Select(group =>
            {
                var tran = db.CreateTransaction();
                foreach (var command in group)
                {
                    _ = command.Queue(tran);
                }
                return tran.ExecuteAsync();
            })
            .ToArray();
        await Task.WhenAll(rest).ConfigureAwait(false);
        return true;
    }
}
