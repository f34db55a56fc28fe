using System.Runtime.CompilerServices;
using Horreum.Orm;
using StackExchange.Redis;

namespace Horreum.Migrations.Engine;

/// <summary>One record as read by a scan: raw id, key and the hash exactly as stored.</summary>
internal sealed record ScannedRecord(string RawId, string Key, HashEntry[] Entries)
{
    public IEnumerable<KeyValuePair<string, string?>> Pairs => Entries.Select(e => new KeyValuePair<string, string?>((string)e.Name!, (string?)e.Value));
}

/// <summary>
/// SCAN over a model's object keys → pipelined HGETALL a page at a time. Memory is bounded by one page; the
/// keyspace is never collected.
/// </summary>
internal static class RecordScanner
{
    public static async IAsyncEnumerable<IReadOnlyList<ScannedRecord>> PagesAsync<T>(ModelRepository<T> repository, IDatabase db, int pageSize, [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : class
    {
        var ids = new List<string>(pageSize);
        await foreach (var id in repository.ScanIdsAsync(cancellationToken).ConfigureAwait(false))
        {
            ids.Add(id);
            if (ids.Count >= pageSize)
            {
                yield return await ReadAsync(repository, db, ids).ConfigureAwait(false);
                ids.Clear();
            }
        }
        if (ids.Count > 0)
        {
            yield return await ReadAsync(repository, db, ids).ConfigureAwait(false);
        }
    }

    private static async Task<IReadOnlyList<ScannedRecord>> ReadAsync<T>(ModelRepository<T> repository, IDatabase db, List<string> ids)
        where T : class
    {
        var batch = db.CreateBatch();
        var replies = new Task<HashEntry[]>[ids.Count];
        for (var i = 0; i < ids.Count; i++)
        {
            replies[i] = batch.HashGetAllAsync(repository.Keys.ObjectKey(ids[i]));
        }
        batch.Execute();
        await Task.WhenAll(replies).ConfigureAwait(false);
        var page = new List<ScannedRecord>(ids.Count);
        for (var i = 0; i < ids.Count; i++)
        {
            var entries = replies[i].Result;
            if (entries.Length > 0)
            {
                // A record deleted between SCAN and HGETALL is simply gone.
                page.Add(new ScannedRecord(ids[i], repository.Keys.ObjectKey(ids[i]), entries));
            }
        }
        return page;
    }
}
