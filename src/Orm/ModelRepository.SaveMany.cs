using System.Diagnostics;
using System.Runtime.ExceptionServices;
using Horreum.Orm.Instrumentation;
using Horreum.Orm.Transport;
using StackExchange.Redis;

namespace Horreum.Orm;

/// <summary>
/// Save-many: pages of <see cref="HorreumOptions.BatchSize"/> records, each record one HMSET (atomic on its own) or,
/// when it also removes fields or sets a time to live, one MULTI … EXEC of its own. A page's instances entries go out
/// in one ZADD only after the page's writes are acknowledged, naming only the records Redis took, so the index never
/// names a record that was not written. The same commands go out on either transport: the RESP write window, or
/// StackExchange.Redis batches and transactions.
/// </summary>
public sealed partial class ModelRepository<T>
{
    /// <summary>
    /// Saves many records, a page of <see cref="HorreumOptions.BatchSize"/> records at a time, pages pipelined. Each
    /// record is written whole or not at all (one HMSET, or a MULTI of its own when it also removes fields or sets a
    /// time to live); its instances entry is added after its write is acknowledged, so a call stopped part-way (killed,
    /// cancelled, failed) may leave records not yet in the index, never an index entry without its record. A page is
    /// encoded and checked (features included, schema validation among them) before any of it is sent: a bad value
    /// stops the call with nothing of its page written, after the pages before it were written and indexed. On a
    /// cluster each record is its own MULTI per hash slot. A call of at least <see cref="HorreumOptions.BulkThreshold"/>
    /// records goes over the client's transport (<see cref="HorreumClient.RecordTransport"/>; the RESP pipeline when it is one), writing the same commands.
    /// </summary>
    /// <exception cref="Serialization.FieldEncodeException">
    /// A value cannot be encoded (it names key, field and value); nothing of its page was written, nor anything after.
    /// </exception>
    /// <exception cref="Transport.RedisReplyException">
    /// Redis answered a write with an error (a key of another type); it names the command and the record's key. Every
    /// other record is either saved whole (reported saved and indexed) or not written; nothing after the failing page
    /// was sent.
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
        var all = records as IReadOnlyList<T> ?? records.ToList();
        if (_client.IsCluster)
        {
            // A MULTI cannot span hash slots: on a cluster each record is its own transaction per slot.
            await ClusterSaveManyAsync(all, cancellationToken).ConfigureAwait(false);
            return;
        }
        // Pages whose writes are acknowledged and whose instances entries are not written yet.
        var acknowledged = new Queue<SaveManyPage>();
        RedisReplyException? failure = null;
        ExceptionDispatchInfo? badRecord = null;
        string? pageKey = null;
        var refused = 0;
        void Done(SaveManyPage page, int first, long started)
        {
            Notifier.Pipeline("save-many", page.WireCommands, Stopwatch.GetElapsedTime(started));
            for (var i = 0; i < page.Count; i++)
            {
                if (!page.WasRefused(i))
                {
                    Saved(all[first + i], page.RawIdAt(i));
                }
            }
            if (page.FirstError is { } error)
            {
                refused += page.RefusedCount;
                failure ??= error;
            }
            acknowledged.Enqueue(page);
        }
        var window = await _client.TransportFor(all.Count).OpenWriteWindowAsync(SaveManyRefusals.Instance, pooled: true, cancellationToken).ConfigureAwait(false);
        await using (window.ConfigureAwait(false))
        {
            try
            {
                var size = _client.Options.BatchSize;
                // After a refusal nothing more is sent: the records not yet written stay unwritten.
                for (var start = 0; start < all.Count && failure is null; start += size)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var first = start;
                    SaveManyPage page;
                    try
                    {
                        page = PageOf(all, first, Math.Min(size, all.Count - first));
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        // A bad record (unencodable, refused by a feature): nothing of its page is sent; the pages before it finish.
                        badRecord = ExceptionDispatchInfo.Capture(ex);
                        break;
                    }
                    pageKey = page.KeyAt(0);
                    var started = Stopwatch.GetTimestamp();
                    WriteIndex(window, acknowledged);
                    WritePage(window, page);
                    await window.EndPageAsync(() => Done(page, first, started), cancellationToken).ConfigureAwait(false);
                }
                await window.DrainAsync(cancellationToken).ConfigureAwait(false);
                if (acknowledged.Count > 0)
                {
                    WriteIndex(window, acknowledged);
                    await window.EndPageAsync(null, cancellationToken).ConfigureAwait(false);
                    await window.DrainAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Not a record's reply (connection lost, out of step, the index refused): reported with what was being written.
                Notifier.Error("save-many", (ex as RedisReplyException)?.Key ?? pageKey ?? FirstKey(all), ex);
                throw;
            }
        }
        badRecord?.Throw();
        if (failure is not null)
        {
            var error = refused > 1 ? new RedisReplyException(failure.Command, failure.Key, failure.ServerMessage, refused - 1) : failure;
            Notifier.Error("save-many", failure.Key, error);
            throw error;
        }
    }

    /// <summary>
    /// Encodes the page of <paramref name="count"/> records from <paramref name="start"/> into its commands, in wire
    /// order (the hooks hear them in that order, the page's instances ZADD last).
    /// </summary>
    private SaveManyPage PageOf(IReadOnlyList<T> records, int start, int count)
    {
        var keys = new string[count];
        var rawIds = new string[count];
        var scores = new double[count];
        var commands = new List<KeyedCommand>(count + (count / 4));
        var owners = new List<int>(commands.Capacity);
        for (var i = 0; i < count; i++)
        {
            var before = commands.Count;
            (rawIds[i], keys[i], scores[i]) = PrepareRecord(records[start + i], commands, indexed: false);
            for (var c = before; c < commands.Count; c++)
            {
                owners.Add(i);
            }
        }
        Notifier.Command("ZADD", Keys.InstancesKey);
        return new SaveManyPage(keys, rawIds, scores, commands, owners.ToArray());
    }

    /// <summary>
    /// Stamps, encodes and runs the features' save hooks on one record of a save-many, then appends its writes (its
    /// instances entry too when <paramref name="indexed"/>); its id, key and instances score.
    /// </summary>
    private (string RawId, string Key, double Score) PrepareRecord(T record, List<KeyedCommand> commands, bool indexed)
    {
        ArgumentNullException.ThrowIfNull(record);
        var rawId = Model.IdOf(record);
        var key = Keys.ObjectKey(rawId);
        var now = _client.Options.Clock.GetUtcNow();
        var texts = EncodeForSave(record, rawId, key, Model.Fields, partial: false, now, out var removed, out var set);
        // A model without features skips building the context they would read.
        IReadOnlyList<KeyValuePair<string, TimeSpan>> expirations = _features.Count > 0
            ? RunSavingHooks(record, rawId, key, Model.Fields, texts, removed, partial: false, now).Expirations
            : [];
        var score = InstanceScore(now);
        var hashSet = set > 0 ? KeyedCommand.HashSet(key, Model.Fields, texts, set) : null;
        AddWrites(commands, rawId, key, hashSet, removed, expirations, indexed ? score : null);
        return (rawId, key, score);
    }

    /// <summary>Writes the page's commands to the window (sent when the page ends): a MULTI around each record that has several.</summary>
    private static void WritePage(WriteWindow window, SaveManyPage page)
    {
        var commands = window.Commands;
        for (var i = 0; i < page.Commands.Count; i++)
        {
            if (page.IsFirstOfMany(i))
            {
                window.Multi();
            }
            var command = page.Commands[i];
            command.Write(commands);
            window.RecordCommand(page, page.Owners[i], 0, command.Name);
            if (page.IsLastOfMany(i))
            {
                window.Exec();
            }
        }
        page.Sent();
    }

    /// <summary>Writes one ZADD per acknowledged page, of its records Redis took; a refusal of it stops the call.</summary>
    private void WriteIndex(WriteWindow window, Queue<SaveManyPage> acknowledged)
    {
        while (acknowledged.TryDequeue(out var page))
        {
            if (page.WriteIndex(window.Commands, Keys.InstancesKey))
            {
                window.RunCommand();
            }
        }
    }

    /// <summary>Save-many on a cluster: each record in its own MULTI per hash slot (see <see cref="AtomicWriter"/>), a page at a time.</summary>
    private async Task ClusterSaveManyAsync(IReadOnlyList<T> records, CancellationToken cancellationToken)
    {
        var size = _client.Options.BatchSize;
        for (var start = 0; start < records.Count; start += size)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = Math.Min(size, records.Count - start);
            var keys = new string[count];
            var rawIds = new string[count];
            var writes = new List<KeyedCommand>[count];
            for (var i = 0; i < count; i++)
            {
                writes[i] = new List<KeyedCommand>(4);
                (rawIds[i], keys[i], _) = PrepareRecord(records[start + i], writes[i], indexed: true);
            }
            var pending = new Task<RedisResult[]?>[count];
            var sw = Stopwatch.StartNew();
            for (var i = 0; i < count; i++)
            {
                pending[i] = AtomicWriter.ExecuteAsync(_client, writes[i], keys[i], []);
            }
            await ((Task)Task.WhenAll(pending)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            Notifier.Pipeline("save-many", writes.Sum(w => w.Count + 2), sw.Elapsed);
            // Records whose transaction went through are saved even when another of the batch failed.
            for (var i = 0; i < count; i++)
            {
                if (pending[i].IsCompletedSuccessfully)
                {
                    Saved(records[start + i], rawIds[i]);
                }
            }
            ThrowFirstFailure(pending, keys);
        }
    }

    /// <summary>After a cluster page: throws the first failure in record order, reported to the error hook with its record's key.</summary>
    private void ThrowFirstFailure<TResult>(Task<TResult>[] tasks, string[] keys)
    {
        var failed = Array.FindIndex(tasks, t => !t.IsCompletedSuccessfully);
        if (failed < 0)
        {
            return;
        }
        var error = tasks[failed].Exception?.InnerException ?? new TaskCanceledException(tasks[failed]);
        Notifier.Error("save-many", keys[failed], error);
        ExceptionDispatchInfo.Throw(error);
    }

    private void Saved(T record, string rawId)
    {
        if (Model.Related.Count > 0)
        {
            BindRelated(record, rawId);
        }
        Notifier.Lifecycle(typeof(T), rawId, LifecycleKind.Saved);
    }

    private string? FirstKey(IReadOnlyList<T> records) => records.Count > 0 && records[0] is { } first ? Keys.ObjectKey(Model.IdOf(first)) : null;
}
