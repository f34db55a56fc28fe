namespace Horreum.Orm.Transport;

/// <summary>
/// The record reader on StackExchange.Redis: SCAN steps (every primary of a cluster) until a page's worth of keys,
/// then one batch of HGETALL; the entries are laid out in the page as bytes, as the RESP reader hands them over.
/// </summary>
internal sealed class StackExchangeRecordReader(StackExchangeRecordTransport transport, string pattern, int pageSize, string startCursor) : RecordReader
{
    private readonly List<string> _keys = new(pageSize);
    private string _cursor = startCursor;
    private bool _done;

    public override string Transport => transport.Name;

    public override async ValueTask<bool> ReadPageAsync(RecordPage page, CancellationToken cancellationToken)
    {
        page.Clear();
        if (_done)
        {
            return false;
        }
        _keys.Clear();
        do
        {
            var (keys, next) = await transport.ScanStepAsync(_cursor, pattern, pageSize, cancellationToken).ConfigureAwait(false);
            foreach (var key in keys)
            {
                _keys.Add((string)key!);
            }
            _cursor = next;
        }
        while (_keys.Count < pageSize && _cursor != "0");
        _done = _cursor == "0";
        page.Cursor = _cursor;
        if (_keys.Count > 0)
        {
            // A record deleted between SCAN and HGETALL is simply gone.
            await transport.ReadHashesAsync(_keys, 0, _keys.Count, page).ConfigureAwait(false);
        }
        return true;
    }

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
