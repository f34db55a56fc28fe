namespace Horreum.Orm.Modeling;

/// <summary>A related collection property, stored at <c>{prefix}:{id}:{name}</c>.</summary>
public sealed class RelatedMetadata
{
    internal RelatedMetadata(string propertyName, string name, Type collectionType, Type? elementType, Type? references, TimeSpan? expiration, Func<object, object?> getter, Action<object, object?> setter)
    {
        PropertyName = propertyName;
        Name = name;
        CollectionType = collectionType;
        ElementType = elementType;
        References = references;
        Expiration = expiration;
        Getter = getter;
        Setter = setter;
    }

    /// <summary>The CLR property name.</summary>
    public string PropertyName { get; }

    /// <summary>The key suffix.</summary>
    public string Name { get; }

    /// <summary>The property's collection type, e.g. <c>HorreumList&lt;string&gt;</c>.</summary>
    public Type CollectionType { get; }

    /// <summary>The member type (null for counters).</summary>
    public Type? ElementType { get; }

    /// <summary>The referenced model when members are raw identifiers.</summary>
    public Type? References { get; }

    /// <summary>The collection's own time to live (<see cref="RelatedAttribute.Expiration"/>), which the model's default does not override.</summary>
    public TimeSpan? Expiration { get; }

    internal Func<object, object?> Getter { get; }

    internal Action<object, object?> Setter { get; }
}
