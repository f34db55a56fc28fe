using System.Globalization;
using StackExchange.Redis;

namespace Horreum.Orm.Transport;

/// <summary>
/// Bulk work on StackExchange.Redis batches (clusters, small calls, and when <see cref="HorreumOptions.BulkTransport"/>
/// says so): SCAN steps over every primary, one batch of HGETALL per page, writes through the client's connection.
/// </summary>
internal sealed class StackExchangeRecordTransport(HorreumClient client) : RecordTransport
{
    public override string Name => "se-batch";

    public override RespConnectionOptions? Endpoint => null;

    public override Task<RecordReader> OpenScanReaderAsync(string pattern, int pageSize, string startCursor, CancellationToken cancellationToken) =>
        Task.FromResult<RecordReader>(new StackExchangeRecordReader(this, pattern, pageSize, startCursor));

    public override Task<RecordReader> OpenKeysReaderAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken) =>
        Task.FromResult<RecordReader>(new StackExchangeKeysReader(this, keys, client.Options.BatchSize));

    public override Task<WriteWindow> OpenWriteWindowAsync(IWriteRefusals refusals, bool pooled, CancellationToken cancellationToken) =>
        Task.FromResult<WriteWindow>(new StackExchangeWriteWindow(client, refusals));

    public override ValueTask DisposeAsync() => default;

    /// <summary>
    /// One SCAN step for keys matching <paramref name="pattern"/> from <paramref name="cursor"/> (<c>"0"</c> to
    /// start): on a cluster over every primary in turn (<see cref="ClusterScan"/>), else on the database.
    /// </summary>
    /// <exception cref="ArgumentException">The cursor is not a SCAN cursor.</exception>
    public async Task<(IReadOnlyList<RedisKey> Keys, string Cursor)> ScanStepAsync(string cursor, string pattern, int count, CancellationToken cancellationToken)
    {
        if (!client.IsCluster && !ulong.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            throw new ArgumentException($"'{cursor}' is not a SCAN cursor (an unsigned integer; \"0\" starts a scan).", nameof(cursor));
        }
        cancellationToken.ThrowIfCancellationRequested();
        client.Notifier.Command("SCAN", pattern);
        try
        {
            if (client.IsCluster)
            {
                // Every primary, one after the other: one node's SCAN would miss the others' keys.
                return await client.ClusterScan.PageAsync(cursor, pattern, count).ConfigureAwait(false);
            }
            var reply = (RedisResult[])(await client.Database.ExecuteAsync("SCAN", cursor, "MATCH", pattern, "COUNT", count.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false))!;
            return ((RedisKey[])reply[1]!, (string)reply[0]!);
        }
        catch (RedisServerException refused)
        {
            // Named as the RESP transport names it (a refused SCAN says which command to grant).
            throw new RedisReplyException("SCAN", null, refused.Message, refused);
        }
    }

    /// <summary>
    /// Reads <paramref name="count"/> of <paramref name="keys"/> from <paramref name="start"/> into
    /// <paramref name="page"/> with one batch of HGETALL, each record at its position from <paramref name="start"/>:
    /// an absent hash adds nothing, a refused read is listed with Redis's error naming command and key.
    /// </summary>
    public async Task ReadHashesAsync(IReadOnlyList<string> keys, int start, int count, RecordPage page)
    {
        var batch = client.Database.CreateBatch();
        var replies = new Task<HashEntry[]>[count];
        for (var i = 0; i < count; i++)
        {
            replies[i] = batch.HashGetAllAsync(keys[start + i]);
        }
        batch.Execute();
        await ((Task)Task.WhenAll(replies)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        for (var i = 0; i < count; i++)
        {
            var key = keys[start + i];
            if (replies[i].Exception?.InnerException is RedisServerException refused)
            {
                // Refused (a key of another type): listed with Redis's error, as the RESP readers do.
                page.AddError(key, new RedisReplyException("HGETALL", key, refused.Message, refused));
            }
            else if (await replies[i].ConfigureAwait(false) is { Length: > 0 } entries)
            {
                page.Add(key, entries, i);
            }
        }
    }
}
