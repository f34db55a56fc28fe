using Horreum.Orm.Transport;
using StackExchange.Redis;

namespace Horreum.Orm;

/// <summary>
/// Sends the writes of one record as MULTI/EXEC. On a standalone server that is one transaction. On Redis
/// Cluster a MULTI cannot span hash slots, so the writes are grouped by slot: the group of the record's own key
/// (with the create condition, if any) commits first, then one MULTI per other slot (the instances set, related
/// keys). Each group is atomic; a record's own fields always change together.
/// </summary>
/// <remarks>
/// EXEC succeeding does not mean every command did: Redis answers a command that fails at run time (WRONGTYPE)
/// with an error element inside EXEC's reply and still runs the others. Every reply is therefore checked, and the
/// first error becomes a <see cref="RedisReplyException"/> naming the command and its key.
/// </remarks>
internal static class AtomicWriter
{
    /// <summary>
    /// Runs the writes under every condition (WATCH); the replies in command order, or null when a condition failed
    /// (nothing written). On a cluster the conditions guard the group of the record's own slot, so they must all be on
    /// keys of that slot.
    /// </summary>
    /// <exception cref="RedisReplyException">Redis answered a command with an error.</exception>
    public static async Task<RedisResult[]?> ExecuteAsync(HorreumClient client, IReadOnlyList<KeyedCommand> commands, RedisKey primaryKey, IReadOnlyList<Condition> conditions)
    {
        var db = client.Database;
        var replies = new Task<RedisResult>[commands.Count];
        if (!client.IsCluster)
        {
            var tran = db.CreateTransaction();
            foreach (var condition in conditions)
            {
                tran.AddCondition(condition);
            }
            for (var i = 0; i < commands.Count; i++)
            {
                replies[i] = commands[i].Queue(tran);
            }
            try
            {
                return await tran.ExecuteAsync().ConfigureAwait(false) ? await CollectAsync(commands, replies).ConfigureAwait(false) : null;
            }
            catch (RedisServerException ex) when (ex.Message.StartsWith("EXECABORT", StringComparison.Ordinal))
            {
                throw (Exception?)await DiagnoseAbortAsync(client, commands).ConfigureAwait(false) ?? ex;
            }
        }

        var mux = client.Connection;
        var primarySlot = mux.HashSlot(primaryKey);
        var first = db.CreateTransaction();
        foreach (var condition in conditions)
        {
            first.AddCondition(condition);
        }
        for (var i = 0; i < commands.Count; i++)
        {
            if (mux.HashSlot(commands[i].Key) == primarySlot)
            {
                replies[i] = commands[i].Queue(first);
            }
        }
        if (!await first.ExecuteAsync().ConfigureAwait(false))
        {
            return null;
        }
        var rest = Enumerable.Range(0, commands.Count)
            .Where(i => replies[i] is null)
            .GroupBy(i => mux.HashSlot(commands[i].Key))
            .Select(group =>
            {
                var tran = db.CreateTransaction();
                foreach (var i in group)
                {
                    replies[i] = commands[i].Queue(tran);
                }
                return tran.ExecuteAsync();
            })
            .ToArray();
        await Task.WhenAll(rest).ConfigureAwait(false);
        return await CollectAsync(commands, replies).ConfigureAwait(false);
    }

    /// <summary>
    /// Finds which command made Redis discard a transaction: StackExchange.Redis reports only EXECABORT, so the same
    /// commands are queued again inside MULTI on a RESP connection of the same user and the MULTI is discarded; the
    /// first refused command (NOPERM for a key outside the ACL user's patterns) names itself and its key. Nothing runs.
    /// </summary>
    internal static async Task<RedisReplyException?> DiagnoseAbortAsync(HorreumClient client, IReadOnlyList<KeyedCommand> commands)
    {
        var (host, port) = client.Primaries().FirstOrDefault();
        if (host is null)
        {
            return null;
        }
        try
        {
            var connection = await RespConnection.ConnectAsync(client.RespOptionsFor(host, port)).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                await connection.ExecuteAsync("MULTI", null, []).ConfigureAwait(false);
                foreach (var command in commands)
                {
                    try
                    {
                        await connection.ExecuteAsync(command.Name, command.Key, command.Arguments).ConfigureAwait(false);
                    }
                    catch (RedisReplyException refused)
                    {
                        await connection.ExecuteAsync("DISCARD", null, []).ConfigureAwait(false);
                        return refused;
                    }
                }
                await connection.ExecuteAsync("DISCARD", null, []).ConfigureAwait(false);
            }
        }
        catch (HorreumException)
        {
            // The diagnosis is a courtesy: when it cannot run, the EXECABORT stands as it is.
        }
        return null;
    }

    private static async Task<RedisResult[]> CollectAsync(IReadOnlyList<KeyedCommand> commands, Task<RedisResult>[] replies)
    {
        // The replies are already in once EXEC has answered: this only looks at them.
        await ((Task)Task.WhenAll(replies)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        var results = new RedisResult[replies.Length];
        RedisServerException? firstError = null;
        var failed = -1;
        var errors = 0;
        for (var i = 0; i < replies.Length; i++)
        {
            if (replies[i].IsCompletedSuccessfully)
            {
                results[i] = replies[i].Result;
                continue;
            }
            if (replies[i].Exception?.InnerException is RedisServerException error)
            {
                errors++;
                if (firstError is null)
                {
                    firstError = error;
                    failed = i;
                }
                continue;
            }
            // A connection failure or a cancellation: not a reply, so let it surface as it is.
            await replies[i].ConfigureAwait(false);
        }
        return firstError is null ? results : throw new RedisReplyException(commands[failed].Name, commands[failed].Key, firstError.Message, errors - 1);
    }
}
