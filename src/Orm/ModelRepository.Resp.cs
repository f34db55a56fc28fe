using System.Diagnostics;
using Horreum.Orm.Transport;

namespace Horreum.Orm;

/// <summary>
/// Load-many and save-many over the RESP pipeline (<see cref="RespConnection"/>): the same commands, decoding and
/// hooks as the StackExchange.Redis path, without a Task and a boxed reply per command. A call rents one connection
/// from the client's pool for its whole length, writes a window of <see cref="HorreumOptions.BatchSize"/> records per
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
            var handler = new HashEntriesHandler();
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
                    result[window.Start + i] = Materialize(rawIds[window.Start + i], handler.Entries[i]);
                }
            }
            clean = true;
        }
        finally
        {
            await pool.ReturnAsync(connection, clean).ConfigureAwait(false);
        }
    }

    private async Task RespSaveManyAsync(RespConnectionPool pool, List<PreparedSave> prepared, CancellationToken cancellationToken)
    {
        var connection = await pool.RentAsync(cancellationToken).ConfigureAwait(false);
        var clean = false;
        RedisReplyException? failure = null;
        string? failedRecordKey = null;
        string? windowKey = null;
        var failures = 0;
        try
        {
            var size = _client.Options.BatchSize;
            var handler = new TransactionRepliesHandler();
            var windows = new Queue<SaveWindow>(WindowsInFlight);
            var next = 0;

            async ValueTask TopUpAsync()
            {
                // After a failure nothing more is sent: the records not yet written stay unwritten, as on the SE path.
                while (failure is null && next < prepared.Count && windows.Count < WindowsInFlight)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var count = Math.Min(size, prepared.Count - next);
                    var window = new SaveWindow(next, new List<KeyedCommand>[count], Stopwatch.GetTimestamp());
                    for (var i = 0; i < count; i++)
                    {
                        var writes = BuildWrites(prepared[next + i]);
                        window.Writes[i] = writes;
                        window.Commands += writes.Count + 2;
                        // One MULTI … EXEC per record: each record is atomic, exactly as AtomicWriter sends it.
                        connection.BeginCommand("MULTI", 0);
                        foreach (var write in writes)
                        {
                            write.Write(connection);
                        }
                        connection.BeginCommand("EXEC", 0);
                    }
                    await connection.FlushAsync(cancellationToken).ConfigureAwait(false);
                    windows.Enqueue(window);
                    next += count;
                }
            }

            await TopUpAsync().ConfigureAwait(false);
            while (windows.Count > 0)
            {
                var window = windows.Dequeue();
                windowKey = prepared[window.Start].Key;
                handler.Begin(Array.ConvertAll(window.Writes, w => w.Count));
                RedisReplyException? refused = null;
                try
                {
                    await connection.ReadRepliesAsync(handler.Replies, handler, cancellationToken).ConfigureAwait(false);
                }
                catch (RedisReplyException ex)
                {
                    // A command refused when queued (then EXECABORT): the whole window was still read.
                    refused = ex;
                }
                Notifier.Pipeline("save-many", window.Commands, Stopwatch.GetElapsedTime(window.Started));
                var failedInWindow = new HashSet<int>(handler.Errors.Select(e => e.Record));
                for (var i = 0; i < window.Writes.Length; i++)
                {
                    if (handler.Committed(i) && !failedInWindow.Contains(i))
                    {
                        Saved(prepared[window.Start + i]);
                    }
                }
                if (refused is not null)
                {
                    failures += 1 + refused.OtherErrors;
                    if (failure is null)
                    {
                        failure = refused;
                        failedRecordKey = window.RecordKeyOf(refused.Key, prepared);
                    }
                }
                foreach (var (record, command, message) in handler.Errors)
                {
                    failures++;
                    if (failure is null)
                    {
                        var write = command >= 0 ? window.Writes[record][command] : null;
                        failure = new RedisReplyException(write?.Name ?? "EXEC", write?.Key ?? prepared[window.Start + record].Key, message);
                        failedRecordKey = prepared[window.Start + record].Key;
                    }
                }
                await TopUpAsync().ConfigureAwait(false);
            }
            clean = true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Not a reply (connection lost, cancelled, out of step): reported with the window being read, as SE does.
            Notifier.Error("save-many", windowKey ?? (prepared.Count > 0 ? prepared[0].Key : null), ex);
            throw;
        }
        finally
        {
            await pool.ReturnAsync(connection, clean).ConfigureAwait(false);
        }
        if (failure is not null)
        {
            var error = failures > 1 ? new RedisReplyException(failure.Command, failure.Key, failure.ServerMessage, failures - 1) : failure;
            Notifier.Error("save-many", failedRecordKey, error);
            throw error;
        }
    }

    /// <summary>One flush of save-many: where it starts in the call, each record's writes, and its command count.</summary>
    private sealed class SaveWindow(int start, List<KeyedCommand>[] writes, long started)
    {
        public int Start { get; } = start;

        public List<KeyedCommand>[] Writes { get; } = writes;

        public long Started { get; } = started;

        public int Commands { get; set; }

        /// <summary>The object key of the record that sent a command on <paramref name="key"/> (that key when none did).</summary>
        public string? RecordKeyOf(string? key, List<PreparedSave> prepared)
        {
            for (var i = 0; i < Writes.Length; i++)
            {
                if (Writes[i].Exists(w => w.Key == key))
                {
                    return prepared[Start + i].Key;
                }
            }
            return key;
        }
    }
}
