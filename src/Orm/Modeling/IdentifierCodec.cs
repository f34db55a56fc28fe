using System.Globalization;

namespace Horreum.Orm.Modeling;

/// <summary>
/// Identifiers go into keys, the instances set and reference collections raw (never JSON-quoted), so the same
/// record is named the same way everywhere.
/// </summary>
internal static class IdentifierCodec
{
    public static bool IsSupported(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t == typeof(string) || t == typeof(Guid) || t == typeof(int) || t == typeof(long);
    }

    public static string ToRaw(object? id, Type modelType)
    {
        var raw = id switch
        {
            null => null,
            string s => s,
            Guid g => g.ToString("D"),
            int i => i.ToString(CultureInfo.InvariantCulture),
            long l => l.ToString(CultureInfo.InvariantCulture),
            _ => throw new ArgumentException($"Identifier of {modelType.Name} has unsupported type {id.GetType().Name}."),
        };
        if (string.IsNullOrEmpty(raw))
        {
            throw new ArgumentException($"{modelType.Name} has no identifier: set its [Identifier] property before saving or loading.");
        }
        return raw;
    }

    public static object FromRaw(string raw, Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t == typeof(string))
        {
            return raw;
        }
        if (t == typeof(Guid))
        {
            return Guid.Parse(raw, CultureInfo.InvariantCulture);
        }
        if (t == typeof(int))
        {
            return int.Parse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture);
        }
        return long.Parse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture);
    }
}
