namespace Horreum.Orm;

/// <summary>The root of every exception the mapper throws on purpose.</summary>
public class HorreumException : Exception
{
    /// <summary>Creates the exception.</summary>
    public HorreumException() { }

    /// <summary>Creates the exception with a message.</summary>
    public HorreumException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public HorreumException(string message, Exception innerException) : base(message, innerException) { }
}
