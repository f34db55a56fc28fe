using System.Runtime.CompilerServices;
using Horreum.Orm;
using StackExchange.Redis;

namespace Horreum.Migrations.Engine;

/// <summary>One record as read by a scan: raw id, key and the hash exactly as stored.</summary>
internal sealed record ScannedRecord(string RawId, string Key, KeyValuePair<string, string?>[] Pairs);

/// <summary>
/// A page of records and the SCAN cursor after it ("0": the scan is complete). <paramref name="ReadErrors"/> lists
/// keys whose read failed (e.g. WRONGTYPE): each is a record error, and the scan goes on.
/// </summary>
internal sealed record ScannedPage(IReadOnlyList<ScannedRecord> Records, string Cursor, IReadOnlyList<RecordReadError> ReadErrors)
{
    public ScannedPage(IReadOnlyList<ScannedRecord> records, string cursor)
        : this(records, cursor, [])
    {
    }
}

/// <summary>A key the scan found but could not read as a hash.</summary>
internal sealed record RecordReadError(string Key, Exception Error);

/// <summary>
/// SCAN over a model's object keys → pipelined HGETALL a page at a time, on StackExchange.Redis (the path for
/// clusters, and when <see cref="HorreumOptions.BulkTransport"/> says so). Memory is bounded by one page; the
/// keyspace is never collected. Pages end on SCAN step boundaries, so the cursor after a page is a valid place to
/// resume from.
/// </summary>
internal static class RecordScanner
{
    public static async IAsyncEnumerable<ScannedPage> PagesAsync<T>(ModelRepository<T> repository, IDatabase db, int pageSize, string startCursor, [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : class
    {
        var ids = new List<string>(pageSize);
        var cursor = startCursor;
        do
        {
            var step = await repository.ScanPageAsync(cursor, pageSize, cancellationToken).ConfigureAwait(false);
            ids.AddRange(step.Ids);
            cursor = step.Cursor;
            if (ids.Count >= pageSize || step.IsLast)
            {
                yield return new ScannedPage(await ReadAsync(repository, db, ids).ConfigureAwait(false), cursor);
                ids.Clear();
            }
        }
        while (cursor != "0");
    }

    private static async Task<IReadOnlyList<ScannedRecord>> ReadAsync<T>(ModelRepository<T> repository, IDatabase db, List<string> ids)
        where T : class
    {
        if (ids.Count == 0)
        {
            return [];
        }
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
                var pairs = new KeyValuePair<string, string?>[entries.Length];
                for (var f = 0; f < entries.Length; f++)
                {
                    pairs[f] = new KeyValuePair<string, string?>((string)entries[f].Name!, (string?)entries[f].Value);
                }
                page.Add(new ScannedRecord(ids[i], repository.Keys.ObjectKey(ids[i]), pairs));
            }
        }
        return page;
    }
}
