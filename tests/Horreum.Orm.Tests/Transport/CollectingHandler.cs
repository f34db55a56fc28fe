using Horreum.Orm.Transport;

namespace Horreum.Orm.Tests.Transport;

/// <summary>Keeps every reply of a batch as objects, with its index.</summary>
internal sealed class CollectingHandler : IRespReplyHandler
{
    public List<(int Index, RespValue Value)> Replies { get; } = [];

    public void OnReply(int index, in RespReply reply) => Replies.Add((index, reply.ToValue()));
}
