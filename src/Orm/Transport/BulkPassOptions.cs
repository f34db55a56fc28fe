namespace Horreum.Orm.Transport;

/// <summary>
/// Batch sizes and pipeline depth of a bulk pass. The defaults come from measurements on a 2-core loopback machine
/// (docs/benchmarks.md): bigger SCAN pages cost Redis more per record, and flushes of a few hundred commands are
/// where the syscall cost stops mattering.
/// </summary>
internal sealed class BulkPassOptions
{
    /// <summary>SCAN COUNT: keys asked for per page (default 200).</summary>
    public int ScanCount { get; set; } = 200;

    /// <summary>Write commands buffered before a flush on the write connection (default 500).</summary>
    public int WriteBatchSize { get; set; } = 500;

    /// <summary>Write flushes whose replies may be unread at once (default 8): the window that keeps memory flat.</summary>
    public int PipelineDepth { get; set; } = 8;

    /// <summary>HGETALLs per StackExchange.Redis batch (default 1000; the RESP transport reads a SCAN page at a time).</summary>
    public int ReadBatchSize { get; set; } = 1000;

    /// <summary>Checks the settings.</summary>
    /// <exception cref="ArgumentException">A setting is out of range (the message names it).</exception>
    public void Validate()
    {
        if (ScanCount < 1)
        {
            throw new ArgumentException("ScanCount must be at least 1.", nameof(ScanCount));
        }
        if (WriteBatchSize < 1)
        {
            throw new ArgumentException("WriteBatchSize must be at least 1.", nameof(WriteBatchSize));
        }
        if (PipelineDepth < 1)
        {
            throw new ArgumentException("PipelineDepth must be at least 1.", nameof(PipelineDepth));
        }
        if (ReadBatchSize < 1)
        {
            throw new ArgumentException("ReadBatchSize must be at least 1.", nameof(ReadBatchSize));
        }
    }
}
