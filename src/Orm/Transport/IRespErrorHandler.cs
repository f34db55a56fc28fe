namespace Horreum.Orm.Transport;

/// <summary>
/// A reply handler that takes error replies itself, one by one, instead of having the batch end in a
/// <see cref="RedisReplyException"/>: for bulk work where an error belongs to one record, not to the whole pass.
/// </summary>
internal interface IRespErrorHandler : IRespReplyHandler
{
    /// <summary>Called for an error reply at <paramref name="index"/> of the batch.</summary>
    /// <param name="index">The reply's position in the batch.</param>
    /// <param name="reply">The error, naming the command and its key.</param>
    void OnError(int index, RedisReplyException reply);
}
