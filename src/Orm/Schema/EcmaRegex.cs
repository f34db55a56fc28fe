using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace Horreum.Orm.Schema;

/// <summary>
/// ECMA-262 patterns on .NET's engine. RegexOptions.ECMAScript cannot be combined with most constructs
/// (Unicode classes, lookbehind), so the differences that matter are translated instead: \d, \w, \s and '.'
/// take their ECMA (ASCII / JS-whitespace) meaning and '$' only matches at the very end.
/// </summary>
internal static class EcmaRegex
{
    private const string JsWhitespace = "\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff";
    private static readonly ConcurrentDictionary<string, Regex> Cache = new(StringComparer.Ordinal);

    /// <summary>Compiled, cached regex; throws <see cref="ArgumentException"/> for an invalid pattern.</summary>
    internal static Regex Get(string pattern) =>
        Cache.GetOrAdd(pattern, static p => new Regex(Translate(p), RegexOptions.CultureInvariant | RegexOptions.Compiled));

    internal static bool IsValid(ReadOnlySpan<char> pattern)
    {
        try
        {
            _ = new Regex(Translate(pattern.ToString()), RegexOptions.CultureInvariant);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    internal static string Translate(string pattern)
    {
        var sb = new StringBuilder(pattern.Length + 16);
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                var n = pattern[++i];
                switch (n)
                {
                    case 'd':
                        sb.Append(inClass ? "0-9" : "[0-9]");
                        break;
                    case 'D':
                        sb.Append(inClass ? "\\D" : "[^0-9]");
                        break;
                    case 'w':
                        sb.Append(inClass ? "a-zA-Z0-9_" : "[a-zA-Z0-9_]");
                        break;
                    case 'W':
                        sb.Append(inClass ? "\\W" : "[^a-zA-Z0-9_]");
                        break;
                    case 's':
                        sb.Append(inClass ? JsWhitespace : "[" + JsWhitespace + "]");
                        break;
                    case 'S':
                        sb.Append(inClass ? "\\S" : "[^" + JsWhitespace + "]");
                        break;
                    default:
                        sb.Append(c).Append(n);
                        break;
                }

                continue;
            }

            if (inClass)
            {
                if (c == ']')
                {
                    inClass = false;
                }

                sb.Append(c);
                continue;
            }

            switch (c)
            {
                case '[':
                    inClass = true;
                    sb.Append(c);
                    if (i + 1 < pattern.Length && pattern[i + 1] == '^')
                    {
                        sb.Append('^');
                        i++;
                    }

                    break;
                case '.':
                    sb.Append("[^\\n\\r\\u2028\\u2029]");
                    break;
                case '$':
                    sb.Append("\\z");
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }

        return sb.ToString();
    }
}
