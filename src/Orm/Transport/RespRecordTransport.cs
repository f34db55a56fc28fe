namespace Horreum.Orm.Transport;

/// <summary>
/// Bulk work on the RESP pipeline to one endpoint: a pass reads and writes on connections of its own, load-many and
/// save-many rent theirs from the pool this transport keeps (closed with the client).
/// </summary>
internal sealed class RespRecordTransport(HorreumClient client, RespConnectionOptions endpoint) : RecordTransport
{
    private RespConnectionPool? _pool;

    public override string Name => "resp";

    public override RespConnectionOptions Endpoint => endpoint;

    /// <summary>The pool if a call has made it yet.</summary>
    public RespConnectionPool? MadePool => Volatile.Read(ref _pool);

    /// <summary>The RESP connections of load-many and save-many, made on first use.</summary>
    /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
    public RespConnectionPool Pool
    {
        get
        {
            ObjectDisposedException.ThrowIf(client.IsDisposed, client);
            // A pool that loses the race holds no connection yet, so dropping it costs nothing.
            var pool = LazyInitializer.EnsureInitialized(ref _pool, () => new RespConnectionPool(endpoint));
            if (client.IsDisposed)
            {
                // Disposed meanwhile, perhaps before the pool existed: no connection may be kept past this point.
                pool.Refuse();
                throw new ObjectDisposedException(nameof(HorreumClient));
            }
            return pool;
        }
    }

    public override async Task<RecordReader> OpenScanReaderAsync(string pattern, int pageSize, string startCursor, CancellationToken cancellationToken)
    {
        var connection = await RespConnection.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
        return new RespRecordReader(connection, pattern, pageSize, startCursor);
    }

    public override async Task<RecordReader> OpenKeysReaderAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        var pool = Pool;
        var connection = await pool.RentAsync(cancellationToken).ConfigureAwait(false);
        return new RespKeysReader(pool, connection, keys, client.Options.BatchSize, client.Options.PipelineDepth);
    }

    public override async Task<WriteWindow> OpenWriteWindowAsync(IWriteRefusals refusals, bool pooled, CancellationToken cancellationToken)
    {
        var depth = client.Options.PipelineDepth;
        if (!pooled)
        {
            var own = await RespConnection.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
            return new RespWriteWindow(own, refusals, depth, static (connection, _) => connection.DisposeAsync());
        }
        var pool = Pool;
        var rented = await pool.RentAsync(cancellationToken).ConfigureAwait(false);
        return new RespWriteWindow(rented, refusals, depth, pool.ReturnAsync);
    }

    public override async ValueTask DisposeAsync()
    {
        if (MadePool is { } pool)
        {
            await pool.DisposeAsync().ConfigureAwait(false);
        }
    }
}
