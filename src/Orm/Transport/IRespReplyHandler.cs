namespace Horreum.Orm.Transport;

/// <summary>
/// Receives the replies of a batch, in order, straight from the receive buffer: one callback per reply instead of
/// one Task per command. Error replies do not reach the handler; they are raised after the batch is read.
/// </summary>
internal interface IRespReplyHandler
{
    /// <summary>Called for each non-error reply; <paramref name="reply"/> is valid only during the call.</summary>
    /// <param name="index">The reply's position in the batch being read (0-based).</param>
    /// <param name="reply">The reply.</param>
    void OnReply(int index, in RespReply reply);
}
