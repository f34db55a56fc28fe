namespace Horreum.Orm.Transport;

/// <summary>
/// The RESP connection to Redis failed at the socket (refused, reset, closed by a restart). Commands already sent
/// may or may not have run; the connection is unusable and a new one must be opened.
/// </summary>
public sealed class RespConnectionLostException : HorreumException
{
    /// <summary>Creates the exception.</summary>
    public RespConnectionLostException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public RespConnectionLostException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the socket error under it.</summary>
    public RespConnectionLostException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
