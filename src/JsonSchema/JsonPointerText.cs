using System.Text;
using System.Text.Json;

namespace Horreum.JsonSchema;

/// <summary>RFC 6901 helpers used for schema locations and <c>$ref</c> fragments.</summary>
internal static class JsonPointerText
{
    internal static string Escape(string token) =>
        token.Contains('~', StringComparison.Ordinal) || token.Contains('/', StringComparison.Ordinal)
            ? token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal)
            : token;

    internal static string Unescape(string token) =>
        token.Contains('~', StringComparison.Ordinal)
            ? token.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)
            : token;

    internal static string Append(string pointer, string token) => pointer + "/" + Escape(token);

    internal static string Append(string pointer, int index) => pointer + "/" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Percent-decodes a URI fragment into the JSON Pointer it denotes.</summary>
    internal static string FromFragment(string fragment) => Uri.UnescapeDataString(fragment);

    /// <summary>Walks <paramref name="pointer"/> from <paramref name="root"/>; false when some token does not exist.</summary>
    internal static bool TryWalk(JsonElement root, string pointer, out JsonElement target)
    {
        target = root;
        if (pointer.Length == 0)
        {
            return true;
        }

        if (pointer[0] != '/')
        {
            return false;
        }

        foreach (var rawToken in pointer[1..].Split('/'))
        {
            var token = Unescape(rawToken);
            switch (target.ValueKind)
            {
                case JsonValueKind.Object:
                    if (!target.TryGetProperty(token, out target))
                    {
                        return false;
                    }

                    break;
                case JsonValueKind.Array:
                    if (!int.TryParse(token, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index)
                        || index >= target.GetArrayLength() || (token.Length > 1 && token[0] == '0'))
                    {
                        return false;
                    }

                    target = target[index];
                    break;
                default:
                    return false;
            }
        }

        return true;
    }

    /// <summary>Builds an instance pointer from path segments (names or indexes).</summary>
    internal static string Build(ReadOnlySpan<PathSegment> segments)
    {
        if (segments.IsEmpty)
        {
            return string.Empty;
        }

        var sb = new StringBuilder();
        foreach (var s in segments)
        {
            sb.Append('/');
            if (s.Name is null)
            {
                sb.Append(s.Index);
            }
            else
            {
                sb.Append(Escape(s.Name));
            }
        }

        return sb.ToString();
    }
}
