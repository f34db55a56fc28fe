using System.Text;

namespace Horreum.Orm.Transport;

/// <summary>
/// Streams the hashes matching a pattern, a SCAN page at a time, always one flush ahead: flush k carries
/// [SCAN for page k+1, HGETALL × page k]; as soon as the SCAN reply is in, flush k+1 goes out, and then page k's
/// replies are handed over while Redis works on flush k+1. Two key pages are reused, so memory is flat in the
/// keyspace. Each page ends on a SCAN step, so <see cref="KeyPage.Cursor"/> of a returned page is a place to resume.
/// </summary>
internal sealed class RespScanReader
{
    private readonly RespConnection _connection;
    private readonly byte[] _pattern;
    private readonly int _scanCount;
    private readonly string _startCursor;
    private readonly ScanReplyHandler _scan = new();
    private KeyPage _inFlight = new();
    private KeyPage _free = new();
    private bool _started;
    private bool _scanPending;
    private bool _hasInFlight;

    public RespScanReader(RespConnection connection, string pattern, int scanCount, string startCursor = "0")
    {
        _connection = connection;
        _pattern = Encoding.UTF8.GetBytes(pattern);
        _scanCount = scanCount;
        _startCursor = startCursor;
        Page = _free;
    }

    /// <summary>The page last returned by <see cref="ReadPageAsync"/>: its keys and the cursor after it.</summary>
    public KeyPage Page { get; private set; }

    /// <summary>
    /// Reads the next page: <paramref name="handler"/> gets one HGETALL reply per key of <see cref="Page"/> (index =
    /// key index; a key deleted since SCAN gets an empty array). Returns false when the scan is complete. A page may
    /// be empty (SCAN found no match in that step); its cursor still moves on.
    /// </summary>
    public async ValueTask<bool> ReadPageAsync<THandler>(THandler handler, CancellationToken cancellationToken)
        where THandler : IRespReplyHandler
    {
        if (!_started)
        {
            _started = true;
            WriteScan(Encoding.ASCII.GetBytes(_startCursor));
            await _connection.FlushAsync(cancellationToken).ConfigureAwait(false);
            _scanPending = true;
        }
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            KeyPage? next = null;
            if (_scanPending)
            {
                // The SCAN reply comes before the in-flight page's HGETALL replies: read it, send the next flush at once.
                next = _free;
                next.Clear();
                _scan.Target = next;
                await _connection.ReadRepliesAsync(1, _scan, cancellationToken).ConfigureAwait(false);
                _scanPending = !next.IsLast;
                if (_scanPending)
                {
                    WriteScan(next.Cursor);
                }
                for (var i = 0; i < next.Count; i++)
                {
                    _connection.BeginCommand("HGETALL", 1);
                    _connection.WriteKey(next.Key(i));
                }
                if (_scanPending || next.Count > 0)
                {
                    await _connection.FlushAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            if (!_hasInFlight)
            {
                if (next is null)
                {
                    return false;
                }
                // The first page: its replies come after the next SCAN reply, so go round once more.
                (_inFlight, _free) = (next, _inFlight);
                _hasInFlight = true;
                continue;
            }
            var page = _inFlight;
            Page = page;
            if (page.Count > 0)
            {
                await _connection.ReadRepliesAsync(page.Count, handler, cancellationToken).ConfigureAwait(false);
            }
            if (next is null)
            {
                _hasInFlight = false;
            }
            else
            {
                _inFlight = next;
            }
            _free = page;
            return true;
        }
    }

    private void WriteScan(ReadOnlySpan<byte> cursor)
    {
        _connection.BeginCommand("SCAN", 5);
        _connection.WriteArgument(cursor);
        _connection.WriteArgument("MATCH"u8);
        _connection.WriteArgument(_pattern);
        _connection.WriteArgument("COUNT"u8);
        _connection.WriteArgument(_scanCount);
    }
}
