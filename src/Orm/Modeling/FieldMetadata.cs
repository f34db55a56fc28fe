namespace Horreum.Orm.Modeling;

/// <summary>One persistent property: its CLR name and type, its hash field name and compiled accessors.</summary>
public sealed class FieldMetadata
{
    internal FieldMetadata(string propertyName, string storageName, Type type, Func<object, object?> getter, Action<object, object?> setter)
    {
        PropertyName = propertyName;
        StorageName = storageName;
        Type = type;
        Getter = getter;
        Setter = setter;
        IsNullable = !type.IsValueType || Nullable.GetUnderlyingType(type) is not null;
    }

    /// <summary>The CLR property name.</summary>
    public string PropertyName { get; }

    /// <summary>The hash field name.</summary>
    public string StorageName { get; }

    /// <summary>The declared CLR type, which drives encoding and decoding.</summary>
    public Type Type { get; }

    /// <summary>Whether the property can hold null.</summary>
    public bool IsNullable { get; }

    internal Func<object, object?> Getter { get; }

    internal Action<object, object?> Setter { get; }

    /// <summary>Reads the property of <paramref name="instance"/>.</summary>
    public object? GetValue(object instance) => Getter(instance);

    /// <summary>Writes the property of <paramref name="instance"/> (null sets a value type to its default).</summary>
    public void SetValue(object instance, object? value) => Setter(instance, value);
}
