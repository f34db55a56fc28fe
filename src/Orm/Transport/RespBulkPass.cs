using System.Buffers;
using System.Text;

namespace Horreum.Orm.Transport;

/// <summary>
/// One run of <see cref="RespBulkTransport"/>: <see cref="RespScanReader"/> streams the pages (always one flush
/// ahead, so Redis works on the next page while this one is transformed), and the writes go out on a second
/// connection with a bounded window of unacknowledged flushes.
/// </summary>
internal sealed class RespBulkPass : IRespReplyHandler
{
    private readonly RespScanReader _reader;
    private readonly RespConnection _write;
    private readonly BulkTransform _transform;
    private readonly BulkPassOptions _options;
    private readonly BulkChanges _changes = new();
    private readonly Queue<int> _window = new();
    private BulkField[] _fields = new BulkField[16];
    private byte[] _scratch = new byte[4096];
    private int _unflushed;

    public RespBulkPass(RespConnection read, RespConnection write, BulkTransform transform, BulkPassOptions options, string pattern)
    {
        _reader = new RespScanReader(read, pattern, options.ScanCount);
        _write = write;
        _transform = transform;
        _options = options;
    }

    public long Scanned { get; private set; }

    public long Changed { get; private set; }

    public long WriteCommands { get; private set; }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (await _reader.ReadPageAsync(this, cancellationToken).ConfigureAwait(false))
        {
            await AfterPageAsync(cancellationToken).ConfigureAwait(false);
        }
        if (_unflushed > 0)
        {
            await FlushWritesAsync(cancellationToken).ConfigureAwait(false);
        }
        while (_window.Count > 0)
        {
            await _write.ReadRepliesAsync(_window.Dequeue(), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>One HGETALL reply of the current page: decode offsets, transform, queue the writes.</summary>
    public void OnReply(int index, in RespReply reply)
    {
        var count = HashReplyDecoder.Decode(reply, ref _scratch, ref _fields, out var bytes);
        if (count == 0)
        {
            // Deleted between SCAN and HGETALL: nothing to migrate.
            return;
        }
        var key = _reader.Page.Key(index);
        Scanned++;
        _changes.Reset();
        _transform(new BulkRecord(key, bytes, _fields.AsSpan(0, count)), _changes);
        if (_changes.IsEmpty)
        {
            return;
        }
        Changed++;
        if (_changes.SetCount > 0)
        {
            _write.BeginCommand("HSET", 1 + (2 * _changes.SetCount));
            _write.WriteKey(key);
            for (var i = 0; i < _changes.SetCount; i++)
            {
                _write.WriteArgument(_changes.SetName(i));
                _write.WriteArgument(_changes.SetValue(i));
            }
            _unflushed++;
        }
        if (_changes.DeleteCount > 0)
        {
            _write.BeginCommand("HDEL", 1 + _changes.DeleteCount);
            _write.WriteKey(key);
            for (var i = 0; i < _changes.DeleteCount; i++)
            {
                _write.WriteArgument(_changes.DeleteName(i));
            }
            _unflushed++;
        }
    }

    private async ValueTask AfterPageAsync(CancellationToken cancellationToken)
    {
        if (_unflushed < _options.WriteBatchSize)
        {
            return;
        }
        await FlushWritesAsync(cancellationToken).ConfigureAwait(false);
        // The window: past this many unacknowledged flushes, wait for the oldest (its replies are usually in already).
        while (_window.Count > _options.PipelineDepth)
        {
            await _write.ReadRepliesAsync(_window.Dequeue(), cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask FlushWritesAsync(CancellationToken cancellationToken)
    {
        await _write.FlushAsync(cancellationToken).ConfigureAwait(false);
        _window.Enqueue(_unflushed);
        WriteCommands += _unflushed;
        _unflushed = 0;
    }
}
