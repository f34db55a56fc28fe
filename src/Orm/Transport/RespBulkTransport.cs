namespace Horreum.Orm.Transport;

/// <summary>
/// The bulk pass on <see cref="RespConnection"/>: a read connection streams SCAN pages and pipelined HGETALLs (the
/// next SCAN goes out in the same flush as the current page's reads, so Redis always has work queued), and a
/// second connection carries the HSET/HDEL writes with at most <see cref="BulkPassOptions.PipelineDepth"/> flushes
/// unacknowledged. Memory stays flat in the number of records: two key pages and a bounded write window.
/// </summary>
internal sealed class RespBulkTransport : IBulkTransport
{
    private readonly RespConnectionOptions _connection;
    private readonly BulkPassOptions _options;

    /// <summary>Creates the transport; each pass opens (and closes) its two connections.</summary>
    public RespBulkTransport(RespConnectionOptions connection, BulkPassOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        connection.Validate();
        _connection = connection;
        _options = options ?? new BulkPassOptions();
        _options.Validate();
    }

    /// <inheritdoc />
    public string Name => "resp";

    /// <inheritdoc />
    public async Task<BulkPassResult> RunPassAsync(string matchPattern, BulkTransform transform, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(matchPattern);
        ArgumentNullException.ThrowIfNull(transform);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var read = await RespConnection.ConnectAsync(_connection, cancellationToken).ConfigureAwait(false);
        await using (read.ConfigureAwait(false))
        {
            var write = await RespConnection.ConnectAsync(_connection, cancellationToken).ConfigureAwait(false);
            await using (write.ConfigureAwait(false))
            {
                var pass = new RespBulkPass(read, write, transform, _options, matchPattern);
                await pass.RunAsync(cancellationToken).ConfigureAwait(false);
                return new BulkPassResult(pass.Scanned, pass.Changed, pass.WriteCommands, System.Diagnostics.Stopwatch.GetElapsedTime(started));
            }
        }
    }
}
