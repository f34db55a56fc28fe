namespace Horreum.Orm.Transport;

/// <summary>
/// How bulk work reaches Redis, chosen once per client (<see cref="HorreumClient.RecordTransport"/>): the RESP
/// pipeline (<see cref="RespRecordTransport"/>) or StackExchange.Redis batches (<see cref="StackExchangeRecordTransport"/>,
/// clusters included). It opens the readers of the record pass and of load-many, and the write windows; nothing
/// else branches on the transport.
/// </summary>
internal abstract class RecordTransport : IAsyncDisposable
{
    /// <summary>The transport's name for results and reports: <c>resp</c> or <c>se-batch</c>.</summary>
    public abstract string Name { get; }

    /// <summary>Where the RESP pipeline connects, or null on StackExchange.Redis.</summary>
    public abstract RespConnectionOptions? Endpoint { get; }


    /// <summary>
    /// Opens a reader of the hashes whose keys match <paramref name="pattern"/>, from <paramref name="startCursor"/>,
    /// at least <paramref name="pageSize"/> records a page (the record pass).
    /// </summary>
    public abstract Task<RecordReader> OpenScanReaderAsync(string pattern, int pageSize, string startCursor, CancellationToken cancellationToken);

    /// <summary>
    /// Opens a reader of the hashes at <paramref name="keys"/>, in order, a window of <see cref="HorreumOptions.BatchSize"/>
    /// keys a page (load-many): each record carries its key's position in the page's <see cref="RecordPage.Window"/>;
    /// an absent hash adds nothing, a refused read is listed in <see cref="RecordPage.Errors"/>.
    /// </summary>
    public abstract Task<RecordReader> OpenKeysReaderAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken);

    /// <summary>
    /// Opens a write window whose refused record writes go to <paramref name="refusals"/>: on the RESP pipeline a
    /// connection of its own (<paramref name="pooled"/>: rented from the client's pool and given back in step, as
    /// save-many does; otherwise opened for a migration's run and closed with the window), up to
    /// <see cref="HorreumOptions.PipelineDepth"/> pages unanswered; on StackExchange.Redis a page at a time.
    /// </summary>
    public abstract Task<WriteWindow> OpenWriteWindowAsync(IWriteRefusals refusals, bool pooled, CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();
}
