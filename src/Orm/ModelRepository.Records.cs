using Horreum.Orm.Transport;

namespace Horreum.Orm;

/// <summary>The record reader of the pass over this model's records.</summary>
public sealed partial class ModelRepository<T>
{
    /// <summary>
    /// Opens the reader of this model's records from <paramref name="startCursor"/>: the RESP pipeline when the
    /// client has a bulk endpoint (<see cref="HorreumClient.BulkEndpoint"/>), StackExchange.Redis batches otherwise.
    /// </summary>
    internal async Task<RecordReader> OpenRecordReaderAsync(int pageSize, string startCursor, CancellationToken cancellationToken)
    {
        if (_client.BulkEndpoint is { } endpoint)
        {
            var connection = await RespConnection.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
            return new RespRecordReader(connection, Keys.ScanPattern, pageSize, startCursor);
        }
        return new StackExchangeRecordReader<T>(this, pageSize, startCursor);
    }
}
