using System.Globalization;
using StackExchange.Redis;

namespace Horreum.Orm.Transport;

/// <summary>
/// The bulk pass on StackExchange.Redis 1.2.6, in its fastest shape measured here: awaited SCAN pages, HGETALLs in
/// an <see cref="IBatch"/> of <see cref="BulkPassOptions.ReadBatchSize"/>, writes in a batch sent fire-and-forget,
/// and one PING at the end as a fence (replies on a connection come in order). Fire-and-forget means an error reply
/// to a write is not seen: this transport cannot name a failed key, unlike <see cref="RespBulkTransport"/>.
/// </summary>
internal sealed class StackExchangeBulkTransport : IBulkTransport
{
    private readonly IDatabase _database;
    private readonly BulkPassOptions _options;

    /// <summary>Creates the transport over a database the caller owns (and disposes).</summary>
    public StackExchangeBulkTransport(IDatabase database, BulkPassOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        _options = options ?? new BulkPassOptions();
        _options.Validate();
    }

    /// <inheritdoc />
    public string Name => "se-batch";

    /// <inheritdoc />
    public async Task<BulkPassResult> RunPassAsync(string matchPattern, BulkTransform transform, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(matchPattern);
        ArgumentNullException.ThrowIfNull(transform);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var state = new PassState(transform, _options.ReadBatchSize);
        var count = _options.ScanCount.ToString(CultureInfo.InvariantCulture);
        var cursor = "0";
        do
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Async SCAN through ExecuteAsync: the sync IServer.Keys of 1.2.6 stalls under load.
            var reply = (RedisResult[])(await _database.ExecuteAsync("SCAN", cursor, "MATCH", matchPattern, "COUNT", count).ConfigureAwait(false))!;
            cursor = (string)reply[0]!;
            foreach (var key in (RedisKey[])reply[1]!)
            {
                state.Keys.Add(key);
                if (state.Keys.Count == _options.ReadBatchSize)
                {
                    await ProcessAsync(state).ConfigureAwait(false);
                }
            }
        }
        while (cursor != "0");
        if (state.Keys.Count > 0)
        {
            await ProcessAsync(state).ConfigureAwait(false);
        }
        await _database.PingAsync().ConfigureAwait(false);
        return new BulkPassResult(state.Scanned, state.Changed, state.WriteCommands, System.Diagnostics.Stopwatch.GetElapsedTime(started));
    }

    private async Task ProcessAsync(PassState state)
    {
        var batch = _database.CreateBatch();
        var replies = new Task<HashEntry[]>[state.Keys.Count];
        for (var i = 0; i < replies.Length; i++)
        {
            replies[i] = batch.HashGetAllAsync(state.Keys[i]);
        }
        batch.Execute();
        await Task.WhenAll(replies).ConfigureAwait(false);

        var writes = _database.CreateBatch();
        for (var i = 0; i < replies.Length; i++)
        {
            var entries = replies[i].Result;
            if (entries.Length == 0)
            {
                continue;
            }
            state.Scanned++;
            var changes = state.Transform(state.Keys[i], entries);
            if (changes.IsEmpty)
            {
                continue;
            }
            state.Changed++;
            if (changes.SetCount > 0)
            {
                var set = new HashEntry[changes.SetCount];
                for (var f = 0; f < set.Length; f++)
                {
                    set[f] = new HashEntry(changes.SetName(f).ToArray(), changes.SetValue(f).ToArray());
                }
                _ = writes.HashSetAsync(state.Keys[i], set, CommandFlags.FireAndForget);
                state.WriteCommands++;
            }
            if (changes.DeleteCount > 0)
            {
                var names = new RedisValue[changes.DeleteCount];
                for (var f = 0; f < names.Length; f++)
                {
                    names[f] = changes.DeleteName(f).ToArray();
                }
                _ = writes.HashDeleteAsync(state.Keys[i], names, CommandFlags.FireAndForget);
                state.WriteCommands++;
            }
        }
        writes.Execute();
        state.Keys.Clear();
    }

    /// <summary>Counters and reused buffers of one pass.</summary>
    private sealed class PassState(BulkTransform transform, int batchSize)
    {
        private readonly BulkChanges _changes = new();
        private BulkField[] _fields = new BulkField[16];
        private byte[] _data = new byte[1024];

        public List<RedisKey> Keys { get; } = new(batchSize);

        public long Scanned { get; set; }

        public long Changed { get; set; }

        public long WriteCommands { get; set; }

        /// <summary>Lays the hash out as the RESP transport sees it (one buffer + offsets) so transforms are shared.</summary>
        public BulkChanges Transform(RedisKey key, HashEntry[] entries)
        {
            if (_fields.Length < entries.Length)
            {
                _fields = new BulkField[entries.Length * 2];
            }
            var used = 0;
            for (var f = 0; f < entries.Length; f++)
            {
                var name = (byte[])entries[f].Name!;
                var value = (byte[])entries[f].Value!;
                if (_data.Length < used + name.Length + value.Length)
                {
                    Array.Resize(ref _data, Math.Max(_data.Length * 2, used + name.Length + value.Length));
                }
                name.CopyTo(_data, used);
                value.CopyTo(_data, used + name.Length);
                _fields[f] = new BulkField(used, name.Length, used + name.Length, value.Length);
                used += name.Length + value.Length;
            }
            _changes.Reset();
            transform(new BulkRecord((byte[])key!, _data.AsSpan(0, used), _fields.AsSpan(0, entries.Length)), _changes);
            return _changes;
        }
    }
}
