namespace Horreum.Orm.Serialization;

/// <summary>A stored value could not be read as its declared type. Nothing was changed in Redis.</summary>
public sealed class FieldDecodeException : HorreumException
{
    /// <summary>Creates the exception.</summary>
    public FieldDecodeException(string key, string field, Type expectedType, string? rawValue, string reason, Exception? innerException = null)
        : base(BuildMessage(key, field, expectedType, rawValue, reason), innerException ?? new FormatException(reason))
    {
        Key = key;
        Field = field;
        ExpectedType = expectedType;
        RawPreview = ValuePreview.Of(rawValue);
    }

    /// <summary>Creates the exception.</summary>
    public FieldDecodeException() : base("A stored value could not be decoded.")
    {
        Key = Field = RawPreview = "";
        ExpectedType = typeof(object);
    }

    /// <summary>Creates the exception.</summary>
    public FieldDecodeException(string message) : base(message)
    {
        Key = Field = RawPreview = "";
        ExpectedType = typeof(object);
    }

    /// <summary>Creates the exception.</summary>
    public FieldDecodeException(string message, Exception innerException) : base(message, innerException)
    {
        Key = Field = RawPreview = "";
        ExpectedType = typeof(object);
    }

    /// <summary>The Redis key read.</summary>
    public string Key { get; }

    /// <summary>The hash field (or collection member position).</summary>
    public string Field { get; }

    /// <summary>The declared CLR type.</summary>
    public Type ExpectedType { get; }

    /// <summary>A preview of the stored value.</summary>
    public string RawPreview { get; }

    private static string BuildMessage(string key, string field, Type type, string? raw, string reason) =>
        $"Cannot read field '{field}' of key '{key}' as {TypeNames.Of(type)}: the stored value {ValuePreview.Of(raw)} {reason}. "
        + "The value was left as it is. If this is v1 data, read with ReadMode.Lenient or run the v1→v2 migration (horreum migrate).";
}
