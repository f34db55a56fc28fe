namespace Horreum.Orm.Transport;

/// <summary>
/// One full pass over every hash matching a pattern: SCAN, read each hash, let a transform decide, write the
/// changes back. The seam between the migration engine and the wire, so the client under it is chosen by
/// measurement (docs/adr/0003-bulk-transport.md): <see cref="RespBulkTransport"/> or
/// <see cref="StackExchangeBulkTransport"/>.
/// </summary>
internal interface IBulkTransport
{
    /// <summary>A short name for reports (e.g. <c>resp</c>, <c>se-batch</c>).</summary>
    string Name { get; }

    /// <summary>Runs one pass over the keys matching <paramref name="matchPattern"/>.</summary>
    /// <param name="matchPattern">The SCAN MATCH glob, e.g. <c>user:*:object</c>.</param>
    /// <param name="transform">Decides each record's change.</param>
    /// <param name="cancellationToken">Stops the pass between batches; writes already sent stay written.</param>
    /// <exception cref="RedisReplyException">A command got an error reply (the message names its key).</exception>
    Task<BulkPassResult> RunPassAsync(string matchPattern, BulkTransform transform, CancellationToken cancellationToken = default);
}
