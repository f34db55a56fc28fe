using System.Text;

namespace Horreum.Orm.Transport;

/// <summary>
/// The record reader on the RESP pipeline: SCAN steps and pipelined HGETALL (<see cref="RespScanReader"/>), each
/// reply's bytes copied once into the page; nothing is decoded.
/// </summary>
internal sealed class RespRecordReader : RecordReader, IRespErrorHandler
{
    private readonly RespConnection _connection;
    private readonly RespScanReader _reader;
    private readonly FieldNameTable _names = new();
    private readonly int _pageSize;
    private RecordPage _page = new();
    private bool _done;

    public RespRecordReader(RespConnection connection, string pattern, int pageSize, string startCursor)
    {
        _connection = connection;
        _pageSize = pageSize;
        _reader = new RespScanReader(connection, pattern, pageSize, startCursor);
    }

    public override string Transport => "resp";

    public override async ValueTask<bool> ReadPageAsync(RecordPage page, CancellationToken cancellationToken)
    {
        page.Clear();
        _page = page;
        var any = false;
        // SCAN steps until a page's worth of records (MATCH may find few keys per step).
        while (page.Count + page.Errors.Count < _pageSize && !_done)
        {
            if (!await _reader.ReadPageAsync(this, cancellationToken).ConfigureAwait(false))
            {
                _done = true;
                break;
            }
            any = true;
            _done = _reader.Page.IsLast;
        }
        if (any)
        {
            page.Cursor = Encoding.ASCII.GetString(_reader.Page.Cursor);
        }
        return any;
    }

    // An empty reply (deleted between SCAN and HGETALL) adds nothing.
    public void OnReply(int index, in RespReply reply) => _page.Add(_reader.Page.Key(index), reply, _names, index);

    public void OnError(int index, RedisReplyException reply) =>
        _page.AddError(Encoding.UTF8.GetString(_reader.Page.Key(index)), reply);

    public override ValueTask DisposeAsync() => _connection.DisposeAsync();
}
