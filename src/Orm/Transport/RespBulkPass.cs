using System.Buffers;
using System.Text;

namespace Horreum.Orm.Transport;

/// <summary>
/// One run of <see cref="RespBulkTransport"/>. The read connection always has the next flush queued at the server
/// before this loop decodes the current page: flush k carries [SCAN for page k+1, HGETALL × page k], and as soon as
/// its SCAN reply is in, flush k+1 goes out; then page k's hashes are decoded while Redis works on flush k+1.
/// </summary>
internal sealed class RespBulkPass : IRespReplyHandler
{
    private readonly RespConnection _read;
    private readonly RespConnection _write;
    private readonly BulkTransform _transform;
    private readonly BulkPassOptions _options;
    private readonly byte[] _pattern;
    private readonly BulkChanges _changes = new();
    private readonly Queue<int> _window = new();
    private readonly ScanReplyHandler _scan = new();
    private BulkField[] _fields = new BulkField[16];
    private byte[] _scratch = new byte[4096];
    private KeyPage _page = new();
    private int _unflushed;

    public RespBulkPass(RespConnection read, RespConnection write, BulkTransform transform, BulkPassOptions options, string pattern)
    {
        _read = read;
        _write = write;
        _transform = transform;
        _options = options;
        _pattern = Encoding.UTF8.GetBytes(pattern);
    }

    public long Scanned { get; private set; }

    public long Changed { get; private set; }

    public long WriteCommands { get; private set; }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var next = new KeyPage();
        WriteScan("0"u8);
        await _read.FlushAsync(cancellationToken).ConfigureAwait(false);
        var scanPending = true;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var haveNext = false;
            if (scanPending)
            {
                // The SCAN reply comes before the current page's HGETALL replies: read it, send the next flush at once.
                next.Clear();
                _scan.Target = next;
                await _read.ReadRepliesAsync(1, _scan, cancellationToken).ConfigureAwait(false);
                scanPending = !next.IsLast;
                if (scanPending)
                {
                    WriteScan(next.Cursor);
                }
                for (var i = 0; i < next.Count; i++)
                {
                    _read.BeginCommand("HGETALL", 1);
                    _read.WriteKey(next.Key(i));
                }
                if (scanPending || next.Count > 0)
                {
                    await _read.FlushAsync(cancellationToken).ConfigureAwait(false);
                }
                haveNext = true;
            }
            if (_page.Count > 0)
            {
                await _read.ReadRepliesAsync(_page.Count, this, cancellationToken).ConfigureAwait(false);
                await AfterPageAsync(cancellationToken).ConfigureAwait(false);
            }
            if (!haveNext)
            {
                break;
            }
            (_page, next) = (next, _page);
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
        ReadOnlySpan<byte> bytes;
        var raw = reply.Raw;
        if (raw.IsSingleSegment)
        {
            bytes = raw.FirstSpan;
        }
        else
        {
            // A reply across two receive buffers: copy it once into scratch rather than parse segment by segment.
            if (_scratch.Length < raw.Length)
            {
                _scratch = new byte[Math.Max((int)raw.Length, _scratch.Length * 2)];
            }
            raw.CopyTo(_scratch);
            bytes = _scratch.AsSpan(0, (int)raw.Length);
        }
        var count = HashReplyDecoder.Decode(bytes, ref _fields);
        if (count == 0)
        {
            // Deleted between SCAN and HGETALL: nothing to migrate.
            return;
        }
        var key = _page.Key(index);
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

    private void WriteScan(ReadOnlySpan<byte> cursor)
    {
        _read.BeginCommand("SCAN", 5);
        _read.WriteArgument(cursor);
        _read.WriteArgument("MATCH"u8);
        _read.WriteArgument(_pattern);
        _read.WriteArgument("COUNT"u8);
        _read.WriteArgument(_options.ScanCount);
    }
}
