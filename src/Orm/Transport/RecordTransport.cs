namespace Horreum.Orm.Transport;

/// <summary>
/// How bulk work reaches Redis, chosen once per client (<see cref="HorreumClient.RecordTransport"/>): the RESP
/// pipeline (<see cref="RespRecordTransport"/>) or StackExchange.Redis batches (<see cref="StackExchangeRecordTransport"/>,
/// clusters included). It opens the readers of the record pass and of load-many, and hands the writers what they
/// write on; nothing else branches on the transport.
/// </summary>
internal abstract class RecordTransport : IAsyncDisposable
{
    /// <summary>The transport's name for results and reports: <c>resp</c> or <c>se-batch</c>.</summary>
    public abstract string Name { get; }

    /// <summary>Where the RESP pipeline connects, or null on StackExchange.Redis.</summary>
    public abstract RespConnectionOptions? Endpoint { get; }

    /// <summary>The RESP connections of load-many and save-many, made on first use; null on StackExchange.Redis.</summary>
    /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
    public abstract RespConnectionPool? Pool { get; }

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

    /// <summary>A RESP connection of the caller's own (a migration's writes), or null when writes go through StackExchange.Redis batches.</summary>
    public abstract Task<RespConnection?> ConnectAsync(CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();
}
