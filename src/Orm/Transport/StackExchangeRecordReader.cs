namespace Horreum.Orm.Transport;

/// <summary>
/// The record reader on StackExchange.Redis (clusters, and when <see cref="HorreumOptions.BulkTransport"/> says so):
/// SCAN steps over every primary, then one batch of HGETALL per page; the entries are laid out in the page as bytes,
/// as the RESP reader hands them over.
/// </summary>
internal sealed class StackExchangeRecordReader<T>(ModelRepository<T> repository, int pageSize, string startCursor) : RecordReader
    where T : class
{
    private readonly List<string> _ids = new(pageSize);
    private string _cursor = startCursor;
    private bool _done;

    public override string Transport => "se-batch";

    public override async ValueTask<bool> ReadPageAsync(RecordPage page, CancellationToken cancellationToken)
    {
        page.Clear();
        if (_done)
        {
            return false;
        }
        _ids.Clear();
        do
        {
            var step = await repository.ScanPageAsync(_cursor, pageSize, cancellationToken).ConfigureAwait(false);
            _ids.AddRange(step.Ids);
            _cursor = step.Cursor;
        }
        while (_ids.Count < pageSize && _cursor != "0");
        _done = _cursor == "0";
        page.Cursor = _cursor;
        if (_ids.Count > 0)
        {
            var replies = await repository.ReadHashesAsync(_ids, 0, _ids.Count).ConfigureAwait(false);
            for (var i = 0; i < _ids.Count; i++)
            {
                var key = repository.Keys.ObjectKey(_ids[i]);
                if (replies[i].Exception?.InnerException is StackExchange.Redis.RedisServerException refused)
                {
                    // Refused (a key of another type): listed with Redis's error, as the RESP reader does.
                    page.AddError(key, new RedisReplyException("HGETALL", key, refused.Message, refused));
                }
                else if (replies[i].Result is { Length: > 0 } entries)
                {
                    // A record deleted between SCAN and HGETALL is simply gone.
                    page.Add(key, entries);
                }
            }
        }
        return true;
    }

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
