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
    /// Saves many records, a page of <see cref="HorreumOptions.BatchSize"/> records per MULTI (each record's writes
    /// and one ZADD of the page's ids to the instances index), pages pipelined. A page is written whole or not at all,
    /// so a record is never apart from its instances entry; on a cluster each record is its own MULTI per hash slot.
    /// Every record is encoded and checked (features included, schema validation among them) before the first
    /// write, so a bad value anywhere leaves Redis untouched. A call of at least
    /// <see cref="HorreumOptions.BulkThreshold"/> records goes over the RESP pipeline when
    /// <see cref="HorreumClient.BulkEndpoint"/> is set, writing the same commands.
    /// </summary>
    /// <exception cref="Serialization.FieldEncodeException">A value cannot be encoded; nothing was written.</exception>
    /// <exception cref="Transport.RedisReplyException">
    /// Redis answered a write with an error (a key of another type); it names the command and the record's key.
    /// Every other record is either saved whole (and reported saved) or not written; the rest of the failing page
    /// ran, as Redis does not roll a transaction back, and nothing after it was sent.
    /// </exception>
    public async Task SaveManyAsync(IEnumerable<T> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (RecordFeatures.Count > 0)
        {
            // Index upkeep reads before it writes and may retry, so each record takes the single-save path.
            foreach (var record in records)
            {
                ArgumentNullException.ThrowIfNull(record);
                await SaveAsync(record, cancellationToken).ConfigureAwait(false);
            }
            return;
        }
        var prepared = new List<PreparedSave>();
        foreach (var record in records)
        {
            ArgumentNullException.ThrowIfNull(record);
            var rawId = Model.IdOf(record);
            var key = Keys.ObjectKey(rawId);
            var context = PrepareSave(record, rawId, key, fields: null, partial: false);
            prepared.Add(new PreparedSave(record, rawId, key, (Dictionary<string, string>)context.Values, (List<string>)context.RemovedFields, context));
        }
        if (_client.IsCluster && BulkPoolFor(prepared.Count) is null)
        {
            // A MULTI cannot span hash slots: on a cluster each record is its own transaction per slot.
            await ClusterSaveManyAsync(prepared, cancellationToken).ConfigureAwait(false);
            return;
        }
        var pool = BulkPoolFor(prepared.Count);
        var connection = pool is null ? null : await pool.RentAsync(cancellationToken).ConfigureAwait(false);
        var window = connection is null ? null : new RespWriteWindow(connection, SaveManyRefusals.Instance, WindowsInFlight);
        var clean = false;
        RedisReplyException? failure = null;
        string? failedKey = null;
        string? pageKey = null;
        var refused = 0;
        void Refusals(SaveManyPage page)
        {
            if (page.FirstError is { } error)
            {
                refused += page.RefusedCount;
                if (failure is null)
                {
                    failure = error;
                    failedKey = error.Key;
                }
            }
        }
        try
        {
            var size = _client.Options.BatchSize;
            // After a refusal nothing more is sent: the records not yet written stay unwritten.
            for (var start = 0; start < prepared.Count && failure is null; start += size)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var first = start;
                var page = PageOf(prepared, first, Math.Min(size, prepared.Count - first));
                pageKey = page.KeyAt(0);
                var started = Stopwatch.GetTimestamp();
                void Done()
                {
                    Notifier.Pipeline("save-many", page.Commands.Count + 2, Stopwatch.GetElapsedTime(started));
                    for (var i = 0; i < page.Count; i++)
                    {
                        if (!page.WasRefused(i))
                        {
                            Saved(prepared[first + i]);
                        }
                    }
                    Refusals(page);
                }
                if (window is not null)
                {
                    WritePage(window, page);
                    await window.EndPageAsync(Done, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await ExecutePageAsync(page).ConfigureAwait(false);
                    Done();
                }
            }
            if (window is not null)
            {
                await window.DrainAsync(cancellationToken).ConfigureAwait(false);
            }
            clean = true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Not a reply (connection lost, out of step): reported with the page being written.
            Notifier.Error("save-many", pageKey ?? prepared.FirstOrDefault()?.Key, ex);
            throw;
        }
        finally
        {
            if (connection is not null)
            {
                await pool!.ReturnAsync(connection, clean).ConfigureAwait(false);
            }
        }
        if (failure is not null)
        {
            var error = refused > 1 ? new Transport.RedisReplyException(failure.Command, failure.Key, failure.ServerMessage, refused - 1) : failure;
            Notifier.Error("save-many", failedKey, error);
            throw error;
        }
    }

    /// <summary>Save-many on a cluster: each record in its own MULTI per hash slot (see <see cref="AtomicWriter"/>), a page at a time.</summary>
    private async Task ClusterSaveManyAsync(List<PreparedSave> prepared, CancellationToken cancellationToken)
    {
        var size = _client.Options.BatchSize;
        for (var start = 0; start < prepared.Count; start += size)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = Math.Min(size, prepared.Count - start);
            var pending = new Task<RedisResult[]?>[count];
            var commands = 0;
            var sw = Stopwatch.StartNew();
            for (var i = 0; i < count; i++)
            {
                var p = prepared[start + i];
                var writes = BuildWrites(p.RawId, p.Key, p.Values, p.Removed, p.Context, addInstance: true);
                commands += writes.Count + 2;
                pending[i] = AtomicWriter.ExecuteAsync(_client, writes, p.Key, []);
            }
            await ((Task)Task.WhenAll(pending)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            Notifier.Pipeline("save-many", commands, sw.Elapsed);
            // Records whose transaction went through are saved even when another of the batch failed.
            for (var i = 0; i < count; i++)
            {
                if (pending[i].IsCompletedSuccessfully)
                {
                    Saved(prepared[start + i]);
                }
            }
            ThrowIfAnyFailed(pending, i => prepared[start + i].Key, command: null, "save-many");
        }
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

    /// <summary>A record of a save-many, encoded and passed through the features, ready to be written.</summary>
    private sealed record PreparedSave(T Record, string RawId, string Key, Dictionary<string, string> Values, List<string> Removed, SaveContext Context);

    private void Saved(PreparedSave p)
    {
        BindRelated(p.Record, p.RawId);
        Notifier.Lifecycle(typeof(T), p.RawId, LifecycleKind.Saved);
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
