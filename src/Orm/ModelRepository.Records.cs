using Horreum.Orm.Transport;

namespace Horreum.Orm;

/// <summary>The record reader of the pass over this model's records.</summary>
public sealed partial class ModelRepository<T>
{
    /// <summary>Opens the reader of this model's records from <paramref name="startCursor"/> on the client's transport.</summary>
    internal Task<RecordReader> OpenRecordReaderAsync(int pageSize, string startCursor, CancellationToken cancellationToken) =>
        _client.RecordTransport.OpenScanReaderAsync(Keys.ScanPattern, pageSize, startCursor, cancellationToken);
}
