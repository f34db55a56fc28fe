using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace Horreum.JsonSchema;

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

    private static readonly Dictionary<string, string> GeneralCategories = new(StringComparer.Ordinal)
    {
        ["Letter"] = "L", ["Uppercase_Letter"] = "Lu", ["Lowercase_Letter"] = "Ll", ["Titlecase_Letter"] = "Lt",
        ["Modifier_Letter"] = "Lm", ["Other_Letter"] = "Lo", ["Mark"] = "M", ["Combining_Mark"] = "M", ["Nonspacing_Mark"] = "Mn",
        ["Spacing_Mark"] = "Mc", ["Enclosing_Mark"] = "Me", ["Number"] = "N", ["Decimal_Number"] = "Nd", ["digit"] = "Nd",
        ["Letter_Number"] = "Nl", ["Other_Number"] = "No", ["Punctuation"] = "P", ["punct"] = "P",
        ["Connector_Punctuation"] = "Pc", ["Dash_Punctuation"] = "Pd", ["Open_Punctuation"] = "Ps", ["Close_Punctuation"] = "Pe",
        ["Initial_Punctuation"] = "Pi", ["Final_Punctuation"] = "Pf", ["Other_Punctuation"] = "Po", ["Symbol"] = "S",
        ["Math_Symbol"] = "Sm", ["Currency_Symbol"] = "Sc", ["Modifier_Symbol"] = "Sk", ["Other_Symbol"] = "So",
        ["Separator"] = "Z", ["Space_Separator"] = "Zs", ["Line_Separator"] = "Zl", ["Paragraph_Separator"] = "Zp",
        ["Other"] = "C", ["Control"] = "Cc", ["cntrl"] = "Cc", ["Format"] = "Cf", ["Surrogate"] = "Cs",
        ["Private_Use"] = "Co", ["Unassigned"] = "Cn",
    };

    /// <summary>ECMA-262 accepts long General_Category names and gc=/General_Category= prefixes; .NET wants the short form.</summary>
    private static string PropertyName(string name)
    {
        var eq = name.IndexOf('=', StringComparison.Ordinal);
        if (eq >= 0)
        {
            var key = name[..eq];
            var value = name[(eq + 1)..];
            if (key is "Script" or "sc" or "Script_Extensions" or "scx")
            {
                // .NET has Unicode blocks, not scripts; the block of the same name is the closest available meaning.
                return "Is" + value;
            }

            name = value;
        }

        return GeneralCategories.TryGetValue(name, out var shortName) ? shortName : name;
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
                    case 'p' or 'P' when i + 1 < pattern.Length && pattern[i + 1] == '{' && pattern.IndexOf('}', i) is var close and > 0:
                        var name = pattern[(i + 2)..close];
                        sb.Append('\\').Append(n).Append('{').Append(PropertyName(name)).Append('}');
                        i = close;
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
