namespace Horreum.Orm.Serialization;

/// <summary>A property value could not be encoded; the save was abandoned before anything was written.</summary>
public sealed class FieldEncodeException : HorreumException
{
    /// <summary>Creates the exception.</summary>
    public FieldEncodeException(string key, string field, Type declaredType, object? value, Exception innerException)
        : base($"Cannot save field '{field}' of key '{key}': the {TypeNames.Of(declaredType)} value {ValuePreview.Of(SafeText(value))} cannot be written as JSON ({innerException?.Message}). Nothing was written.", innerException!)
    {
        Key = key;
        Field = field;
        DeclaredType = declaredType;
    }

    /// <summary>Creates the exception.</summary>
    public FieldEncodeException()
    {
        Key = Field = "";
        DeclaredType = typeof(object);
    }

    /// <summary>Creates the exception.</summary>
    public FieldEncodeException(string message) : base(message)
    {
        Key = Field = "";
        DeclaredType = typeof(object);
    }

    /// <summary>Creates the exception.</summary>
    public FieldEncodeException(string message, Exception innerException) : base(message, innerException)
    {
        Key = Field = "";
        DeclaredType = typeof(object);
    }

    /// <summary>The object key.</summary>
    public string Key { get; }

    /// <summary>The hash field.</summary>
    public string Field { get; }

    /// <summary>The declared type of the property.</summary>
    public Type DeclaredType { get; }

    private static string? SafeText(object? value)
    {
        try
        {
            return value?.ToString();
        }
#pragma warning disable CA1031 // a preview must never hide the real error
        catch (Exception)
#pragma warning restore CA1031
        {
            return value?.GetType().Name;
        }
    }
}
