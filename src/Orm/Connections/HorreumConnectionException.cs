namespace Horreum.Orm.Connections;

/// <summary>
/// A connection to Redis could not be made. The message names the endpoint (password masked) and the cause: nothing
/// listening, a refused password, or which certificate check failed.
/// </summary>
public sealed class HorreumConnectionException : HorreumException
{
    /// <summary>Creates the exception.</summary>
    public HorreumConnectionException() { }

    /// <summary>Creates the exception with a message.</summary>
    public HorreumConnectionException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public HorreumConnectionException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the exception for <paramref name="endpoint"/> (already masked) and its cause.</summary>
    /// <param name="endpoint">Where the connection went, password masked.</param>
    /// <param name="failure">What kind of failure.</param>
    /// <param name="cause">The cause in words, e.g. <c>connection refused</c>.</param>
    /// <param name="innerException">The client's own exception, if any.</param>
    public HorreumConnectionException(string endpoint, ConnectionFailure failure, string cause, Exception? innerException = null)
        : base(RedisEndpoint.Mask($"Cannot connect to Redis at {endpoint}: {cause}"), innerException!)
    {
        Endpoint = RedisEndpoint.Mask(endpoint);
        Failure = failure;
    }

    /// <summary>Where the connection went (password masked).</summary>
    public string Endpoint { get; } = "";

    /// <summary>What kind of failure it was.</summary>
    public ConnectionFailure Failure { get; }
}
