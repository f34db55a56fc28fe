using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using Horreum.Orm;
using Horreum.Orm.Transport;
using StackExchange.Redis;

namespace Horreum.Migrations.Engine;

/// <summary>
/// Where a Model or Pipeline migration reads its records from, a page at a time: the RESP scan reader when the
/// client has a bulk endpoint (<see cref="HorreumClient.BulkEndpoint"/>), StackExchange.Redis batches otherwise.
/// </summary>
internal abstract class RecordSource : IAsyncDisposable
{
    /// <summary>The transport's name for reports: <c>resp</c> or <c>se-batch</c>.</summary>
    public abstract string Transport { get; }

    /// <summary>The next page, or null when the scan is complete.</summary>
    public abstract ValueTask<ScannedPage?> NextPageAsync(CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();

    public static async Task<RecordSource> OpenAsync<T>(ModelRepository<T> repository, MigrationContext context, int pageSize, string startCursor, CancellationToken cancellationToken)
        where T : class
    {
        if (context.Client.BulkEndpoint is { } endpoint)
        {
            var connection = await RespConnection.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
            return new Resp<T>(connection, repository, pageSize, startCursor);
        }
        return new StackExchange<T>(StackExchange<T>.PagesAsync(repository, pageSize, startCursor, cancellationToken).GetAsyncEnumerator(cancellationToken));
    }

    /// <summary>
    /// The reader off the RESP pipeline: SCAN over a model's object keys → pipelined HGETALL a page at a time, on StackExchange.Redis (the reader for
    /// clusters, and when <see cref="HorreumOptions.BulkTransport"/> says so). Memory is bounded by one page; pages
    /// end on SCAN step boundaries, so the cursor after a page is a valid place to resume from.
    /// </summary>
    private sealed class StackExchange<T>(IAsyncEnumerator<ScannedPage> pages) : RecordSource
        where T : class
    {
        public static async IAsyncEnumerable<ScannedPage> PagesAsync(ModelRepository<T> repository, int pageSize, string startCursor, [EnumeratorCancellation] CancellationToken cancellationToken)
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
                    yield return new ScannedPage(await ReadAsync(repository, ids).ConfigureAwait(false), cursor);
                    ids.Clear();
                }
            }
            while (cursor != "0");
        }

        public override string Transport => "se-batch";

        public override async ValueTask<ScannedPage?> NextPageAsync(CancellationToken cancellationToken) =>
            await pages.MoveNextAsync().ConfigureAwait(false) ? pages.Current : null;

        public override ValueTask DisposeAsync() => pages.DisposeAsync();

        private static async Task<IReadOnlyList<ScannedRecord>> ReadAsync(ModelRepository<T> repository, List<string> ids)
        {
            if (ids.Count == 0)
            {
                return [];
            }
            var replies = await repository.ReadHashesAsync(ids, 0, ids.Count).ConfigureAwait(false);
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

    /// <summary>Decodes each HGETALL reply into strings; field names are interned per source (hashes share them).</summary>
    private sealed class Resp<T> : RecordSource, IRespErrorHandler
        where T : class
    {
        private readonly RespConnection _connection;
        private readonly RespScanReader _reader;
        private readonly ModelRepository<T> _repository;
        private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _nameLookup;
        private List<ScannedRecord> _records = [];
        private List<RecordReadError> _errors = [];
        private BulkField[] _fields = new BulkField[16];
        private byte[] _scratch = new byte[4096];
        private char[] _chars = new char[256];
        private readonly int _pageSize;
        private bool _done;

        public Resp(RespConnection connection, ModelRepository<T> repository, int pageSize, string startCursor)
        {
            _connection = connection;
            _repository = repository;
            _pageSize = pageSize;
            _reader = new RespScanReader(connection, repository.Keys.ScanPattern, pageSize, startCursor);
            _nameLookup = _names.GetAlternateLookup<ReadOnlySpan<char>>();
        }

        public override string Transport => "resp";

        public override async ValueTask<ScannedPage?> NextPageAsync(CancellationToken cancellationToken)
        {
            // Fresh lists each page: the caller keeps the page while the next one is read.
            _records = new List<ScannedRecord>(_pageSize);
            _errors = [];
            var any = false;
            // SCAN steps until a page's worth of records (MATCH may find few keys per step), as the SE source does.
            while (_records.Count + _errors.Count < _pageSize && !_done)
            {
                if (!await _reader.ReadPageAsync(this, cancellationToken).ConfigureAwait(false))
                {
                    _done = true;
                    break;
                }
                any = true;
                _done = _reader.Page.IsLast;
            }
            return any ? new ScannedPage(_records, Encoding.ASCII.GetString(_reader.Page.Cursor), _errors.Count == 0 ? [] : _errors) : null;
        }

        public void OnReply(int index, in RespReply reply)
        {
            var count = HashReplyDecoder.Decode(reply, ref _scratch, ref _fields, out var bytes);
            if (count == 0)
            {
                // Deleted between SCAN and HGETALL: nothing to migrate.
                return;
            }
            var key = Encoding.UTF8.GetString(_reader.Page.Key(index));
            var rawId = _repository.Keys.IdFromObjectKey(key);
            if (rawId is null)
            {
                return;
            }
            var pairs = new KeyValuePair<string, string?>[count];
            for (var f = 0; f < count; f++)
            {
                var field = _fields[f];
                pairs[f] = new KeyValuePair<string, string?>(
                    Name(bytes.Slice(field.NameStart, field.NameLength)),
                    Encoding.UTF8.GetString(bytes.Slice(field.ValueStart, field.ValueLength)));
            }
            _records.Add(new ScannedRecord(rawId, key, pairs));
        }

        public void OnError(int index, RedisReplyException reply) =>
            _errors.Add(new RecordReadError(Encoding.UTF8.GetString(_reader.Page.Key(index)), reply));

        public override ValueTask DisposeAsync() => _connection.DisposeAsync();

        private string Name(ReadOnlySpan<byte> utf8)
        {
            if (_chars.Length < utf8.Length)
            {
                _chars = new char[utf8.Length * 2];
            }
            var chars = _chars.AsSpan(0, Encoding.UTF8.GetChars(utf8, _chars));
            if (_nameLookup.TryGetValue(chars, out var name))
            {
                return name;
            }
            name = chars.ToString();
            if (_names.Count < 10_000)
            {
                _names[name] = name;
            }
            return name;
        }
    }
}
