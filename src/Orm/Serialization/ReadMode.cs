namespace Horreum.Orm.Serialization;

/// <summary>How reads treat values that are not in the v2 (type-preserving JSON) format.</summary>
public enum ReadMode
{
    /// <summary>Any value that is not valid v2 JSON for its declared type is an error naming key, field, type and value.</summary>
    Strict,

    /// <summary>
    /// v1 values (plain unquoted strings, <c>"1"</c>/<c>"0"</c> booleans, unquoted dates) are read and reported through
    /// <see cref="Instrumentation.IHorreumObserver.OnReadIssue"/>; values that are neither v2 nor v1 still fail.
    /// </summary>
    Lenient,
}
