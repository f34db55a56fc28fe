using System.Net.Sockets;

namespace Horreum.Orm.Transport;

internal sealed partial class RespConnection
{
    /// <summary>
    /// Whether an idle connection can be handed to the next caller: nothing is pending and the socket is still open.
    /// A server that closed the connection (restart, <c>timeout</c>, CLIENT KILL) makes the socket readable with no
    /// data, which a zero-wait poll sees without reading. A TLS stream hides its socket, so it is never reused.
    /// </summary>
    internal bool CanBeReused()
    {
        if (_disposed != 0 || PendingReplies != 0 || _stream is not NetworkStream { Socket: var socket })
        {
            return false;
        }
        try
        {
            // Idle RESP2 connections never receive unsolicited bytes: readable means closed (or out of step).
            return socket.Connected && !socket.Poll(0, SelectMode.SelectRead);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            return false;
        }
    }
}
