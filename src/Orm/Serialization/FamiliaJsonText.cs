using System.Text;
using System.Text.Json;

namespace Horreum.Orm.Serialization;

/// <summary>
/// Compact JSON text as Oj strict mode writes it: no spaces, object members in order, raw UTF-8 for every
/// non-ASCII character (é, 🙂, U+2028, DEL, C1 controls), escapes only for <c>"</c>, <c>\</c> and controls below
/// 0x20 (<c>\t \n \r \b \f</c> short, the rest <c>\u00xx</c> in lowercase hex). Numbers are copied as they were
/// written by the profile's converters.
/// </summary>
internal static class FamiliaJsonText
{
    public static string Write(JsonElement element)
    {
        var sb = new StringBuilder();
        Append(sb, element);
        return sb.ToString();
    }

    /// <summary>A JSON string literal of <paramref name="value"/>, quotes included.</summary>
    /// <exception cref="ArgumentException">The text holds a lone UTF-16 surrogate, which has no UTF-8 form.</exception>
    public static void AppendString(StringBuilder sb, string value)
    {
        sb.Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '"':
                    sb.Append("\\\"");
                    break;
                case '\\':
                    sb.Append("\\\\");
                    break;
                case '\n':
                    sb.Append("\\n");
                    break;
                case '\r':
                    sb.Append("\\r");
                    break;
                case '\t':
                    sb.Append("\\t");
                    break;
                case '\b':
                    sb.Append("\\b");
                    break;
                case '\f':
                    sb.Append("\\f");
                    break;
                default:
                    if (c < 0x20)
                    {
                        sb.Append("\\u00").Append(((int)c).ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
                    }
                    else if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                    {
                        sb.Append(c).Append(value[++i]);
                    }
                    else if (char.IsSurrogate(c))
                    {
                        throw new ArgumentException($"the text holds a lone UTF-16 surrogate U+{(int)c:X4} at index {i}, which has no UTF-8 form; it is refused rather than replaced.");
                    }
                    else
                    {
                        sb.Append(c);
                    }
                    break;
            }
        }
        sb.Append('"');
    }

    private static void Append(StringBuilder sb, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                sb.Append('{');
                var first = true;
                foreach (var property in element.EnumerateObject())
                {
                    if (!first)
                    {
                        sb.Append(',');
                    }
                    first = false;
                    AppendString(sb, property.Name);
                    sb.Append(':');
                    Append(sb, property.Value);
                }
                sb.Append('}');
                break;
            case JsonValueKind.Array:
                sb.Append('[');
                var firstItem = true;
                foreach (var item in element.EnumerateArray())
                {
                    if (!firstItem)
                    {
                        sb.Append(',');
                    }
                    firstItem = false;
                    Append(sb, item);
                }
                sb.Append(']');
                break;
            case JsonValueKind.String:
                AppendString(sb, element.GetString()!);
                break;
            case JsonValueKind.Number:
                sb.Append(element.GetRawText());
                break;
            case JsonValueKind.True:
                sb.Append("true");
                break;
            case JsonValueKind.False:
                sb.Append("false");
                break;
            default:
                sb.Append("null");
                break;
        }
    }
}
