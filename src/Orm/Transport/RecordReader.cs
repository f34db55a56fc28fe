namespace Horreum.Orm.Transport;

/// <summary>
/// Reads a model's hashes a page at a time into a <see cref="RecordPage"/> (keys, field names and values as bytes):
/// the one reader of the record pass, on the RESP pipeline (<see cref="RespRecordReader"/>) or on
/// StackExchange.Redis batches (<see cref="StackExchangeRecordReader{T}"/>, every primary of a cluster). Open one
/// with <see cref="ModelRepository{T}.OpenRecordReaderAsync"/>. Pages end on SCAN steps, so the cursor after a page
/// is a valid place to resume from.
/// </summary>
internal abstract class RecordReader : IAsyncDisposable
{
    /// <summary>The transport's name for reports: <c>resp</c> or <c>se-batch</c>.</summary>
    public abstract string Transport { get; }

    /// <summary>
    /// Reads the next page into <paramref name="page"/> (cleared first), at least <c>pageSize</c> records unless the
    /// scan ends. Returns false when the scan was already complete (the page is then empty).
    /// </summary>
    public abstract ValueTask<bool> ReadPageAsync(RecordPage page, CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();
}
