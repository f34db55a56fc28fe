namespace Horreum.Orm.Transport;

internal sealed partial class RespConnection
{
    /// <summary>For writes whose replies only need checking for errors.</summary>
    private sealed class DiscardHandler : IRespReplyHandler
    {
        public static readonly DiscardHandler Instance = new();

        public void OnReply(int index, in RespReply reply)
        {
        }
    }

    /// <summary>Keeps the last reply as objects, for <see cref="ExecuteAsync"/>.</summary>
    private sealed class CaptureHandler : IRespReplyHandler
    {
        public RespValue? Last { get; private set; }

        public void OnReply(int index, in RespReply reply) => Last = reply.ToValue();
    }
}
