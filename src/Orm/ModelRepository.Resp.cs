using System.Diagnostics;
using Horreum.Orm.Transport;

namespace Horreum.Orm;

/// <summary>
/// Load-many over the RESP pipeline (<see cref="RespConnection"/>): the same commands, decoding and
/// hooks as the StackExchange.Redis path, without a Task and a boxed reply per command; each window's replies are
/// kept as bytes in a <see cref="RecordPage"/> (as the record pass reads them) and decoded from there. A call rents one connection
/// from the client's pool for its whole length, reads a window of <see cref="HorreumOptions.BatchSize"/> records per
/// flush and keeps at most <see cref="HorreumOptions.PipelineDepth"/> flushes unanswered, so memory holds a few
/// windows however long the call.
/// </summary>
public sealed partial class ModelRepository<T>
{
    private int WindowsInFlight => _client.Options.PipelineDepth;

    /// <summary>The pool to use for a call of <paramref name="count"/> ids or records, or null to keep to StackExchange.Redis.</summary>
    private RespConnectionPool? BulkPoolFor(int count)
    {
        // Size first: a small call never asks for the endpoint (which throws for Resp on a cluster).
        if (count < _client.Options.BulkThreshold)
        {
            return null;
        }
        return _client.BulkEndpoint is { } endpoint ? _client.BulkPoolFor(endpoint) : null;
    }

    private async Task RespLoadManyAsync(RespConnectionPool pool, string[] rawIds, T?[] result, CancellationToken cancellationToken)
    {
        var connection = await pool.RentAsync(cancellationToken).ConfigureAwait(false);
        var clean = false;
        try
        {
            var size = _client.Options.BatchSize;
            var handler = new RecordPageHandler();
            var windows = new Queue<(int Start, int Count, long Started)>(WindowsInFlight);
            var next = 0;

            async ValueTask TopUpAsync()
            {
                while (next < rawIds.Length && windows.Count < WindowsInFlight)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var count = Math.Min(size, rawIds.Length - next);
                    var started = Stopwatch.GetTimestamp();
                    for (var i = next; i < next + count; i++)
                    {
                        connection.BeginCommand("HGETALL", 1);
                        connection.WriteKey(Keys.ObjectKey(rawIds[i]));
                    }
                    await connection.FlushAsync(cancellationToken).ConfigureAwait(false);
                    windows.Enqueue((next, count, started));
                    next += count;
                }
            }

            await TopUpAsync().ConfigureAwait(false);
            while (windows.Count > 0)
            {
                var window = windows.Dequeue();
                handler.Begin(window.Count);
                try
                {
                    await connection.ReadRepliesAsync(window.Count, handler, cancellationToken).ConfigureAwait(false);
                }
                catch (RedisReplyException ex)
                {
                    Notifier.Pipeline("load-many", window.Count, Stopwatch.GetElapsedTime(window.Started));
                    Notifier.Error("load-many", ex.Key, ex);
                    throw;
                }
                Notifier.Pipeline("load-many", window.Count, Stopwatch.GetElapsedTime(window.Started));
                // The next window goes out before this one is decoded, so Redis is never idle while we work.
                await TopUpAsync().ConfigureAwait(false);
                for (var i = 0; i < window.Count; i++)
                {
                    var record = handler.Records[i];
                    result[window.Start + i] = record < 0 ? null : Materialize(rawIds[window.Start + i], handler.Page, record);
                }
            }
            clean = true;
        }
        finally
        {
            await pool.ReturnAsync(connection, clean).ConfigureAwait(false);
        }
    }

    /// <summary>Record <paramref name="index"/> of a page read over the RESP pipeline, decoded from its bytes.</summary>
    private T Materialize(string rawId, Transport.RecordPage page, int index)
    {
        var record = (T)Model.CreateInstance();
        Populate(record, rawId, Keys.ObjectKey(rawId), page, index);
        return record;
    }
}
