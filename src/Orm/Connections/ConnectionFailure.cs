namespace Horreum.Orm.Connections;

/// <summary>Why a connection to Redis could not be made.</summary>
public enum ConnectionFailure
{
    /// <summary>Nothing accepted the connection (refused, no route, or no answer within the connect timeout).</summary>
    Unreachable,

    /// <summary>The server refused the user name or password (WRONGPASS, NOAUTH).</summary>
    Authentication,

    /// <summary>A certificate check failed: the server's (untrusted chain, name mismatch, expired) or the server wanted ours.</summary>
    Certificate,

    /// <summary>The TLS handshake failed for another reason (e.g. TLS against a plain port).</summary>
    Tls,
}
