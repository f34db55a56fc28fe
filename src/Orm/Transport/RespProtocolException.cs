namespace Horreum.Orm.Transport;

/// <summary>
/// The bytes from the server are not valid RESP2, or the connection closed with replies outstanding. The connection
/// cannot be trusted afterwards: dispose it and open a new one.
/// </summary>
public sealed class RespProtocolException : HorreumException
{
    /// <summary>Creates the exception.</summary>
    public RespProtocolException() { }

    /// <summary>Creates the exception with a message.</summary>
    public RespProtocolException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public RespProtocolException(string message, Exception innerException) : base(message, innerException) { }
}
