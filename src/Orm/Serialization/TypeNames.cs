namespace Horreum.Orm.Serialization;

/// <summary>Readable C# type names for messages (<c>int?</c>, <c>List&lt;string&gt;</c>).</summary>
internal static class TypeNames
{
    /// <summary>The C#-style name of <paramref name="type"/>.</summary>
    public static string Of(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (Nullable.GetUnderlyingType(type) is { } inner)
        {
            return Of(inner) + "?";
        }
        if (!type.IsGenericType)
        {
            return type.Name;
        }
        var name = type.Name;
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        return $"{name[..tick]}<{string.Join(", ", type.GetGenericArguments().Select(Of))}>";
    }
}
