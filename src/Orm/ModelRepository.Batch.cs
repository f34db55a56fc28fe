using System.Diagnostics;
using System.Runtime.CompilerServices;
using Horreum.Orm.Transport;

namespace Horreum.Orm;

public sealed partial class ModelRepository<T>
{
    /// <summary>
    /// Loads many records in pipelined windows of <see cref="HorreumOptions.BatchSize"/> (never one round trip per
    /// record). The result has the request's order, with null where a record does not exist. A call of at least
    /// <see cref="HorreumOptions.BulkThreshold"/> ids goes over the client's transport
    /// (<see cref="HorreumClient.RecordTransport"/>; the RESP pipeline when it is one), with the same result.
    /// </summary>
    /// <exception cref="Serialization.FieldDecodeException">A stored value is not valid for its property type.</exception>
    /// <exception cref="Transport.RedisReplyException">Redis answered with an error (a key of another type); it names the key.</exception>
    public async Task<IReadOnlyList<T?>> LoadManyAsync(IEnumerable<object> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var rawIds = ids.Select(Model.RawId).ToArray();
        var result = new T?[rawIds.Length];
        if (rawIds.Length == 0)
        {
            return result;
        }
        var keys = Array.ConvertAll(rawIds, Keys.ObjectKey);
        var reader = await _client.TransportFor(keys.Length).OpenKeysReaderAsync(keys, cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            var page = new RecordPage();
            while (await ReadWindowAsync(reader, page, cancellationToken).ConfigureAwait(false))
            {
                var window = page.Window;
                Notifier.Pipeline("load-many", window.Count, Stopwatch.GetElapsedTime(window.Sent));
                if (page.Errors.Count > 0)
                {
                    var (key, first) = page.Errors[0];
                    var error = page.Errors.Count > 1 ? new RedisReplyException(first.Command, key, first.ServerMessage, page.Errors.Count - 1) : first;
                    Notifier.Error("load-many", key, error);
                    throw error;
                }
                // Absent hashes are not in the page: their places stay null.
                for (var r = 0; r < page.Count; r++)
                {
                    var i = window.Start + page.Position(r);
                    var record = (T)Model.CreateInstance();
                    Populate(record, rawIds[i], keys[i], page, r);
                    result[i] = record;
                }
            }
        }
        return result;
    }

    // A window of load-many; a failure other than a refused read (the connection, a timeout) reaches the error hook too.
    private async ValueTask<bool> ReadWindowAsync(RecordReader reader, RecordPage page, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.ReadPageAsync(page, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Notifier.Error("load-many", null, ex);
            throw;
        }
    }

    /// <summary>
    /// Streams the raw identifiers of every object hash of this model with SCAN (never KEYS), a page at a time.
    /// A record may appear twice if the keyspace is rehashed during the scan, as SCAN guarantees no better.
    /// </summary>
    public async IAsyncEnumerable<string> ScanIdsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var key in _client.ScanKeysAsync(Keys.ScanPattern, _client.Options.BatchSize, cancellationToken).ConfigureAwait(false))
        {
            if (Keys.IdFromObjectKey((string)key!) is { } rawId)
            {
                yield return rawId;
            }
        }
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
        var (keys, next) = await _client.StackExchangeTransport.ScanStepAsync(cursor, Keys.ScanPattern, count, cancellationToken).ConfigureAwait(false);
        var ids = new List<string>(keys.Count);
        foreach (var key in keys)
        {
            var rawId = Keys.IdFromObjectKey((string)key!);
            if (rawId is not null)
            {
                ids.Add(rawId);
            }
        }
        return new ScanPage(ids, next);
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
