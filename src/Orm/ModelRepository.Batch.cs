using System.Diagnostics;
using System.Runtime.CompilerServices;
using Horreum.Orm.Features;
using Horreum.Orm.Instrumentation;
using Horreum.Orm.Transport;
using StackExchange.Redis;

namespace Horreum.Orm;

public sealed partial class ModelRepository<T>
{
    /// <summary>
    /// Loads many records in pipelined batches of <see cref="HorreumOptions.BatchSize"/> (never one round trip per
    /// record). The result has the request's order, with null where a record does not exist. A call of at least
    /// <see cref="HorreumOptions.BulkThreshold"/> ids goes over the RESP pipeline when
    /// <see cref="HorreumClient.BulkEndpoint"/> is set, with the same result.
    /// </summary>
    /// <exception cref="Serialization.FieldDecodeException">A stored value is not valid for its property type.</exception>
    /// <exception cref="Transport.RedisReplyException">Redis answered with an error (a key of another type); it names the key.</exception>
    public async Task<IReadOnlyList<T?>> LoadManyAsync(IEnumerable<object> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var rawIds = ids.Select(Model.RawId).ToArray();
        var result = new T?[rawIds.Length];
        if (BulkPoolFor(rawIds.Length) is { } pool)
        {
            await RespLoadManyAsync(pool, rawIds, result, cancellationToken).ConfigureAwait(false);
            return result;
        }
        var size = _client.Options.BatchSize;
        for (var start = 0; start < rawIds.Length; start += size)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = Math.Min(size, rawIds.Length - start);
            var sw = Stopwatch.StartNew();
            var replies = await ReadHashesAsync(rawIds, start, count).ConfigureAwait(false);
            Notifier.Pipeline("load-many", count, sw.Elapsed);
            ThrowIfAnyFailed(replies, i => Keys.ObjectKey(rawIds[start + i]), "HGETALL", "load-many");
            for (var i = 0; i < count; i++)
            {
                result[start + i] = Materialize(rawIds[start + i], replies[i].Result);
            }
        }
        return result;
    }

    /// <summary>
    /// The StackExchange.Redis read of load-many and of a migration's pages off the RESP pipeline: one batch of
    /// HGETALL for <paramref name="count"/> ids from <paramref name="start"/>, awaited; each reply's task in order
    /// (a refused read is a faulted task, for the caller to name).
    /// </summary>
    internal async Task<Task<HashEntry[]>[]> ReadHashesAsync(IReadOnlyList<string> rawIds, int start, int count)
    {
        var batch = Db.CreateBatch();
        var replies = new Task<HashEntry[]>[count];
        for (var i = 0; i < count; i++)
        {
            replies[i] = batch.HashGetAllAsync(Keys.ObjectKey(rawIds[start + i]));
        }
        batch.Execute();
        await ((Task)Task.WhenAll(replies)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return replies;
    }

    /// <summary>A record from its hash entries as read (either transport); null when the hash is absent.</summary>
    private T? Materialize(string rawId, HashEntry[]? entries)
    {
        if (entries is null || entries.Length == 0)
        {
            return null;
        }
        var record = (T)Model.CreateInstance();
        Populate(record, rawId, Keys.ObjectKey(rawId), entries);
        return record;
    }

    /// <summary>
    /// After a StackExchange.Redis batch: throws the first failure in request order, reported to the error hook with
    /// its record's key. A server error on a read (<paramref name="command"/>) becomes a
    /// <see cref="Transport.RedisReplyException"/> naming the command and key, as the RESP path reports it.
    /// </summary>
    private void ThrowIfAnyFailed<TResult>(Task<TResult>[] tasks, Func<int, string> keyOf, string? command, string operation)
    {
        var failed = Array.FindIndex(tasks, t => !t.IsCompletedSuccessfully);
        if (failed < 0)
        {
            return;
        }
        var error = tasks[failed].Exception?.InnerException ?? new TaskCanceledException(tasks[failed]);
        var key = keyOf(failed);
        if (command is not null && error is RedisServerException server)
        {
            var others = tasks.Count(t => t.Exception?.InnerException is RedisServerException) - 1;
            error = new Transport.RedisReplyException(command, key, server.Message, others);
        }
        Notifier.Error(operation, key, error);
        System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
    }

    /// <summary>
    /// Streams the raw identifiers of every object hash of this model with SCAN (never KEYS), a page at a time.
    /// A record may appear twice if the keyspace is rehashed during the scan, as SCAN guarantees no better.
    /// </summary>
    public async IAsyncEnumerable<string> ScanIdsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var cursor = "0";
        do
        {
            var page = await ScanPageAsync(cursor, _client.Options.BatchSize, cancellationToken).ConfigureAwait(false);
            foreach (var id in page.Ids)
            {
                yield return id;
            }
            cursor = page.Cursor;
        }
        while (cursor != "0");
    }

    /// <summary>
    /// One SCAN step over this model's object keys from <paramref name="cursor"/> (<c>"0"</c> to start), returning
    /// the identifiers found and the cursor to continue from, so a caller can stop and resume a scan later.
    /// SCAN's guarantees apply: every record present for the whole scan is returned at least once, possibly twice.
    /// </summary>
    /// <param name="cursor">The cursor of the previous step, or <c>"0"</c> to start.</param>
    /// <param name="count">The SCAN COUNT hint (keys examined per step, not ids returned).</param>
    /// <param name="cancellationToken">Checked before the command is sent.</param>
    /// <exception cref="ArgumentException">The cursor is not a SCAN cursor, or the count is not positive.</exception>
    public async Task<ScanPage> ScanPageAsync(string cursor, int count, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(cursor);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        if (_client.IsCluster)
        {
            // Every primary, one after the other: one node's SCAN would miss the others' keys.
            cancellationToken.ThrowIfCancellationRequested();
            Notifier.Command("SCAN", Keys.ScanPattern);
            var (clusterKeys, next) = await _client.ClusterScan.PageAsync(cursor, Keys.ScanPattern, count).ConfigureAwait(false);
            return new ScanPage(clusterKeys.Select(k => Keys.IdFromObjectKey((string)k!)).OfType<string>().ToList(), next);
        }
        if (!ulong.TryParse(cursor, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _))
        {
            throw new ArgumentException($"'{cursor}' is not a SCAN cursor (an unsigned integer; \"0\" starts a scan).", nameof(cursor));
        }
        cancellationToken.ThrowIfCancellationRequested();
        var pattern = Keys.ScanPattern;
        Notifier.Command("SCAN", pattern);
        var reply = (RedisResult[])(await Db.ExecuteAsync("SCAN", cursor, "MATCH", pattern, "COUNT", count.ToString(System.Globalization.CultureInfo.InvariantCulture)).ConfigureAwait(false))!;
        var keys = (RedisKey[])reply[1]!;
        var ids = new List<string>(keys.Length);
        foreach (var key in keys)
        {
            var rawId = Keys.IdFromObjectKey((string)key!);
            if (rawId is not null)
            {
                ids.Add(rawId);
            }
        }
        return new ScanPage(ids, (string)reply[0]!);
    }

    /// <summary>Streams every record of this model (SCAN, then pipelined loads a page at a time).</summary>
    public async IAsyncEnumerable<T> ScanAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var page = new List<object>(_client.Options.BatchSize);
        await foreach (var id in ScanIdsAsync(cancellationToken).ConfigureAwait(false))
        {
            page.Add(id);
            if (page.Count < _client.Options.BatchSize)
            {
                continue;
            }
            foreach (var record in await LoadManyAsync(page, cancellationToken).ConfigureAwait(false))
            {
                if (record is not null)
                {
                    yield return record;
                }
            }
            page.Clear();
        }
        if (page.Count > 0)
        {
            foreach (var record in await LoadManyAsync(page, cancellationToken).ConfigureAwait(false))
            {
                if (record is not null)
                {
                    yield return record;
                }
            }
        }
    }
}
