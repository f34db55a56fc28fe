using System.Diagnostics;

namespace Horreum.Orm.Transport;

/// <summary>
/// Reads given keys on the RESP pipeline (load-many): a window of HGETALL per flush, at most <c>depth</c> windows
/// unanswered, and the next window sent before a page is handed over, so Redis works while the caller decodes. Each
/// reply's bytes are copied once into the page. The connection is rented for the reader's life and kept by the pool
/// only if every window sent was read.
/// </summary>
internal sealed class RespKeysReader(RespConnectionPool pool, RespConnection connection, IReadOnlyList<string> keys, int windowSize, int depth)
    : RecordReader, IRespErrorHandler
{
    private readonly Queue<KeyWindow> _windows = new(depth);
    private readonly FieldNameTable _names = new();
    private RecordPage _page = new();
    private int _start;
    private int _next;
    private bool _broken;

    public override string Transport => "resp";

    public override async ValueTask<bool> ReadPageAsync(RecordPage page, CancellationToken cancellationToken)
    {
        page.Clear();
        try
        {
            await TopUpAsync(cancellationToken).ConfigureAwait(false);
            if (!_windows.TryDequeue(out var window))
            {
                return false;
            }
            page.Window = window;
            _page = page;
            _start = window.Start;
            await connection.ReadRepliesAsync(window.Count, this, cancellationToken).ConfigureAwait(false);
            // The next window goes out before this one is decoded, so Redis is never idle while the caller works.
            await TopUpAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch
        {
            _broken = true;
            throw;
        }
    }

    public void OnReply(int index, in RespReply reply) => _page.Add(keys[_start + index], reply, _names, index);

    public void OnError(int index, RedisReplyException reply) => _page.AddError(keys[_start + index], reply);

    public override ValueTask DisposeAsync() => pool.ReturnAsync(connection, clean: !_broken && _windows.Count == 0);

    private async ValueTask TopUpAsync(CancellationToken cancellationToken)
    {
        while (_next < keys.Count && _windows.Count < depth)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = Math.Min(windowSize, keys.Count - _next);
            var sent = Stopwatch.GetTimestamp();
            for (var i = _next; i < _next + count; i++)
            {
                connection.BeginCommand("HGETALL", 1);
                connection.WriteKey(keys[i]);
            }
            await connection.FlushAsync(cancellationToken).ConfigureAwait(false);
            _windows.Enqueue(new KeyWindow(_next, count, sent));
            _next += count;
        }
    }
}
