namespace Horreum.Orm.Transport;

/// <summary>
/// Reads hashes a page at a time into a <see cref="RecordPage"/> (keys, field names and values as bytes), opened by
/// the client's <see cref="RecordTransport"/> in one of two modes. A scan (the record pass,
/// <see cref="ModelRepository{T}.OpenRecordReaderAsync"/>): a model's hashes, pages ending on SCAN steps so the
/// cursor after a page is a valid place to resume from. Given keys (load-many): a window of keys a page, in order.
/// </summary>
internal abstract class RecordReader : IAsyncDisposable
{
    /// <summary>The transport's name for reports: <c>resp</c> or <c>se-batch</c>.</summary>
    public abstract string Transport { get; }

    /// <summary>
    /// Reads the next page into <paramref name="page"/> (cleared first): for a scan at least <c>pageSize</c> records
    /// unless the scan ends, for given keys the next window. Returns false when there was nothing left to read (the
    /// page is then empty).
    /// </summary>
    public abstract ValueTask<bool> ReadPageAsync(RecordPage page, CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();
}
