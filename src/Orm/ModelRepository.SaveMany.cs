using Horreum.Orm.Transport;
using StackExchange.Redis;

namespace Horreum.Orm;

/// <summary>
/// Save-many's pages: one MULTI … EXEC per page of <see cref="HorreumOptions.BatchSize"/> records holding one ZADD of
/// the page's ids to the instances index and every record's writes. A page, and so each record with its index entry,
/// is written whole or not at all (a client killed mid-page leaves nothing of it: Redis drops an unfinished MULTI).
/// The same commands go out on either transport: the RESP write window, or a StackExchange.Redis transaction.
/// </summary>
public sealed partial class ModelRepository<T>
{
    /// <summary>The commands of the page of <paramref name="count"/> records from <paramref name="start"/>, in wire order (the hooks hear them in that order).</summary>
    private SaveManyPage PageOf(List<PreparedSave> prepared, int start, int count)
    {
        var keys = new string[count];
        var members = new (double Score, string Member)[count];
        for (var i = 0; i < count; i++)
        {
            var p = prepared[start + i];
            keys[i] = p.Key;
            members[i] = (InstanceScore(p.Context.Now), p.RawId);
        }
        var commands = new List<KeyedCommand>((count * 2) + 1) { KeyedCommand.SortedSetAdd(Keys.InstancesKey, members) };
        var owners = new List<int>((count * 2) + 1) { -1 };
        Notifier.Command("ZADD", Keys.InstancesKey);
        for (var i = 0; i < count; i++)
        {
            var p = prepared[start + i];
            foreach (var write in BuildWrites(p.RawId, p.Key, p.Values, p.Removed, p.Context, addInstance: false))
            {
                commands.Add(write);
                owners.Add(i);
            }
        }
        return new SaveManyPage(keys, commands, owners.ToArray());
    }

    /// <summary>Queues the page's MULTI … EXEC on the RESP write window (sent by its next flush).</summary>
    private static void WritePage(RespWriteWindow window, SaveManyPage page)
    {
        var connection = window.Connection;
        connection.BeginCommand("MULTI", 0);
        window.Multi();
        for (var i = 0; i < page.Commands.Count; i++)
        {
            var command = page.Commands[i];
            command.Write(connection);
            if (page.Owners[i] < 0)
            {
                window.PageCommand(page, command.Name);
            }
            else
            {
                window.RecordCommand(page, page.Owners[i], 0, command.Name);
            }
        }
        connection.BeginCommand("EXEC", 0);
        window.Exec();
    }

    /// <summary>The page as one StackExchange.Redis transaction; the records whose commands Redis refused are marked on the page.</summary>
    private async Task ExecutePageAsync(SaveManyPage page)
    {
        var tran = Db.CreateTransaction();
        var replies = new Task<RedisResult>[page.Commands.Count];
        for (var i = 0; i < replies.Length; i++)
        {
            replies[i] = page.Commands[i].Queue(tran);
        }
        RedisReplyException? aborted = null;
        try
        {
            await tran.ExecuteAsync().ConfigureAwait(false);
        }
        catch (RedisServerException ex)
        {
            // EXECABORT: nothing of the page ran. StackExchange.Redis does not say which command was refused; find it.
            aborted = await AtomicWriter.DiagnoseAbortAsync(_client, page.Commands).ConfigureAwait(false) ?? new RedisReplyException("EXEC", null, ex.Message);
        }
        await ((Task)Task.WhenAll(replies)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        for (var i = 0; i < replies.Length; i++)
        {
            string? message = aborted?.ServerMessage;
            var command = aborted?.Command ?? page.Commands[i].Name;
            if (aborted is null)
            {
                if (replies[i].IsCompletedSuccessfully)
                {
                    continue;
                }
                if (replies[i].Exception?.InnerException is not RedisServerException refused)
                {
                    // A connection failure or a cancellation: not a reply, so let it surface as it is.
                    await replies[i].ConfigureAwait(false);
                    continue;
                }
                message = refused.Message;
            }
            var owner = page.Owners[i];
            for (var record = owner < 0 ? 0 : owner; record < (owner < 0 ? page.Count : owner + 1); record++)
            {
                page.Refuse(record, new RedisReplyException(command, page.KeyAt(record), message!));
            }
        }
    }
}
