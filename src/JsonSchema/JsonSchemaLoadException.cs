namespace Horreum.JsonSchema;

/// <summary>
/// Thrown when a schema cannot be compiled: malformed JSON or keyword values, an unknown <c>$schema</c>,
/// a <c>$ref</c> that resolves to nothing local or registered, or a reference cycle that never consumes the instance.
/// </summary>
public sealed class JsonSchemaLoadException : Exception
{
    /// <summary>Creates an exception without a message.</summary>
    public JsonSchemaLoadException()
    {
    }

    /// <summary>Creates an exception with a message that says what is wrong and what to do.</summary>
    /// <param name="message">The explanation.</param>
    public JsonSchemaLoadException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception wrapping the underlying cause.</summary>
    /// <param name="message">The explanation.</param>
    /// <param name="innerException">The cause, for example a <see cref="System.Text.Json.JsonException"/>.</param>
    public JsonSchemaLoadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
