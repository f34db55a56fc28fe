namespace Horreum.Orm.Transport;

/// <summary>What a bulk pass did.</summary>
/// <param name="Scanned">Records read and handed to the transform (a key SCAN returned twice counts twice).</param>
/// <param name="Changed">Records the transform changed.</param>
/// <param name="WriteCommands">HSET and HDEL commands sent.</param>
/// <param name="Elapsed">Wall time of the pass, connecting included.</param>
internal sealed record BulkPassResult(long Scanned, long Changed, long WriteCommands, TimeSpan Elapsed)
{
    /// <summary>Records read per second.</summary>
    public double RecordsPerSecond => Elapsed > TimeSpan.Zero ? Scanned / Elapsed.TotalSeconds : 0;
}
