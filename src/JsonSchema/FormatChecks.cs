using System.Globalization;

namespace Horreum.JsonSchema;

/// <summary>
/// Hand-written checks for the asserted formats, following the RFCs the specification cites (3339, 5321, 1123/5890,
/// 2673/4291, 3986, 4122, 6901). Digits are ASCII only: Unicode digits never satisfy these grammars.
/// </summary>
internal static class FormatChecks
{
    private static readonly Dictionary<string, Func<ReadOnlySpan<char>, bool>> Checks = new(StringComparer.Ordinal)
    {
        ["date-time"] = IsDateTime,
        ["date"] = IsDate,
        ["time"] = IsTime,
        ["duration"] = IsDuration,
        ["email"] = IsEmail,
        ["hostname"] = IsHostname,
        ["ipv4"] = IsIpv4,
        ["ipv6"] = IsIpv6,
        ["uri"] = s => IsUri(s, requireScheme: true),
        ["uri-reference"] = s => IsUri(s, requireScheme: false),
        ["uuid"] = IsUuid,
        ["json-pointer"] = IsJsonPointer,
        ["regex"] = EcmaRegex.IsValid,
    };

    internal static bool TryGet(string format, out Func<ReadOnlySpan<char>, bool> check) => Checks.TryGetValue(format, out check!);

    private static bool Digits(ReadOnlySpan<char> s, int start, int count, out int value)
    {
        value = 0;
        if (start + count > s.Length)
        {
            return false;
        }

        for (var i = start; i < start + count; i++)
        {
            if (!char.IsAsciiDigit(s[i]))
            {
                return false;
            }

            value = value * 10 + (s[i] - '0');
        }

        return true;
    }

    internal static bool IsDate(ReadOnlySpan<char> s) =>
        s.Length == 10 && Digits(s, 0, 4, out var y) && s[4] == '-' && Digits(s, 5, 2, out var m) && s[7] == '-'
        && Digits(s, 8, 2, out var d) && m is >= 1 and <= 12 && d >= 1 && d <= DateTime.DaysInMonth(Math.Max(y, 1), m);

    internal static bool IsTime(ReadOnlySpan<char> s)
    {
        if (s.Length < 9 || !Digits(s, 0, 2, out var h) || s[2] != ':' || !Digits(s, 3, 2, out var min) || s[5] != ':'
            || !Digits(s, 6, 2, out var sec) || h > 23 || min > 59 || sec > 60)
        {
            return false;
        }

        var i = 8;
        if (i < s.Length && s[i] == '.')
        {
            var start = ++i;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }

            if (i == start)
            {
                return false;
            }
        }

        if (i >= s.Length)
        {
            return false;
        }

        int offsetMinutes;
        if (s[i] is 'Z' or 'z')
        {
            if (i + 1 != s.Length)
            {
                return false;
            }

            offsetMinutes = 0;
        }
        else if (s[i] is '+' or '-')
        {
            if (s.Length - i != 6 || !Digits(s, i + 1, 2, out var oh) || s[i + 3] != ':' || !Digits(s, i + 4, 2, out var om)
                || oh > 23 || om > 59)
            {
                return false;
            }

            offsetMinutes = (oh * 60 + om) * (s[i] == '-' ? -1 : 1);
        }
        else
        {
            return false;
        }

        if (sec == 60)
        {
            // A leap second exists only at 23:59:60 UTC.
            var utc = ((h * 60 + min - offsetMinutes) % 1440 + 1440) % 1440;
            return utc == 23 * 60 + 59;
        }

        return true;
    }

    internal static bool IsDateTime(ReadOnlySpan<char> s) =>
        s.Length > 11 && s[10] is 'T' or 't' && IsDate(s[..10]) && IsTime(s[11..]);

    internal static bool IsDuration(ReadOnlySpan<char> s)
    {
        // duration = "P" (dur-date / dur-time / dur-week), each unit once and in order (RFC 3339 appendix A).
        if (s.Length < 3 || s[0] != 'P')
        {
            return false;
        }

        var i = 1;
        if (TryUnit(s, ref i, 'W'))
        {
            return i == s.Length;
        }

        var any = UnitRun(s, ref i, "YMD");
        if (any < 0)
        {
            return false;
        }

        if (i < s.Length && s[i] == 'T')
        {
            i++;
            if (UnitRun(s, ref i, "HMS") <= 0)
            {
                return false;
            }

            any = 1;
        }

        return any > 0 && i == s.Length;
    }

    /// <summary>
    /// Reads consecutive units of <paramref name="units"/>: the grammar nests them (dur-year = n"Y" [dur-month]),
    /// so once one is present the next may only be its immediate successor. Returns the count, or -1 on a gap.
    /// </summary>
    private static int UnitRun(ReadOnlySpan<char> s, ref int i, string units)
    {
        var count = 0;
        var last = -1;
        for (var u = 0; u < units.Length; u++)
        {
            if (TryUnit(s, ref i, units[u]))
            {
                if (last >= 0 && last != u - 1)
                {
                    return -1;
                }

                last = u;
                count++;
            }
        }

        return count;
    }

    private static bool TryUnit(ReadOnlySpan<char> s, ref int i, char unit)
    {
        var j = i;
        while (j < s.Length && char.IsAsciiDigit(s[j]))
        {
            j++;
        }

        if (j == i || j >= s.Length || s[j] != unit)
        {
            return false;
        }

        i = j + 1;
        return true;
    }

    internal static bool IsIpv4(ReadOnlySpan<char> s)
    {
        var parts = 0;
        var i = 0;
        while (true)
        {
            var start = i;
            var value = 0;
            while (i < s.Length && char.IsAsciiDigit(s[i]) && i - start < 3)
            {
                value = value * 10 + (s[i] - '0');
                i++;
            }

            var length = i - start;
            if (length == 0 || value > 255 || (length > 1 && s[start] == '0'))
            {
                return false;
            }

            parts++;
            if (i == s.Length)
            {
                return parts == 4;
            }

            if (s[i] != '.' || parts == 4)
            {
                return false;
            }

            i++;
        }
    }

    internal static bool IsIpv6(ReadOnlySpan<char> s)
    {
        if (s.Length < 2)
        {
            return false;
        }

        var groups = 0;
        var compressed = false;
        var i = 0;
        if (s.StartsWith("::"))
        {
            compressed = true;
            i = 2;
            if (i == s.Length)
            {
                return true;
            }
        }
        else if (s[0] == ':')
        {
            return false;
        }

        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && char.IsAsciiHexDigit(s[i]) && i - start < 5)
            {
                i++;
            }

            if (i < s.Length && s[i] == '.')
            {
                // Embedded IPv4 takes the last two groups.
                if (!IsIpv4(s[start..]))
                {
                    return false;
                }

                groups += 2;
                break;
            }

            var length = i - start;
            if (length is 0 or > 4)
            {
                return false;
            }

            groups++;
            if (i == s.Length)
            {
                break;
            }

            if (s[i] != ':')
            {
                return false;
            }

            i++;
            if (i < s.Length && s[i] == ':')
            {
                if (compressed)
                {
                    return false;
                }

                compressed = true;
                i++;
                if (i == s.Length)
                {
                    break;
                }
            }
            else if (i == s.Length)
            {
                return false;
            }
        }

        return compressed ? groups <= 7 : groups == 8;
    }

    internal static bool IsHostname(ReadOnlySpan<char> s)
    {
        if (s.Length is 0 or > 253)
        {
            return false;
        }

        foreach (var range in s.Split('.'))
        {
            var label = s[range];
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-')
            {
                return false;
            }

            foreach (var c in label)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c == '-'))
                {
                    return false;
                }
            }

            // "--" in positions 3-4 is reserved for A-labels (RFC 5891 4.2.3.1); an A-label must decode to a valid U-label.
            if (label.Length >= 4 && label[2] == '-' && label[3] == '-')
            {
                if (!label.StartsWith("xn--", StringComparison.OrdinalIgnoreCase) || !IsValidALabel(label.ToString()))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static bool IsValidALabel(string label)
    {
        try
        {
            var unicode = new IdnMapping { UseStd3AsciiRules = true }.GetUnicode(label);
            return !unicode.StartsWith("xn--", StringComparison.OrdinalIgnoreCase)
                && string.Equals(new IdnMapping { UseStd3AsciiRules = true }.GetAscii(unicode), label, StringComparison.OrdinalIgnoreCase)
                && SatisfiesContextRules(unicode);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>
    /// The IDNA2008 rules the platform IDN mapping does not enforce: the CONTEXTO rules of RFC 5892 appendix A and
    /// the code points RFC 5892 section 2.6 lists as DISALLOWED exceptions.
    /// </summary>
    private static bool SatisfiesContextRules(string label)
    {
        var runes = label.EnumerateRunes().Select(r => r.Value).ToArray();
        var arabicIndic = runes.Any(r => r is >= 0x660 and <= 0x669);
        var extendedArabicIndic = runes.Any(r => r is >= 0x6F0 and <= 0x6F9);
        if (arabicIndic && extendedArabicIndic)
        {
            return false;
        }

        for (var i = 0; i < runes.Length; i++)
        {
            var r = runes[i];
            var ok = r switch
            {
                0x0640 or 0x07FA or 0x302E or 0x302F or (>= 0x3031 and <= 0x3035) or 0x303B => false,
                0x00B7 => i > 0 && runes[i - 1] == 'l' && i + 1 < runes.Length && runes[i + 1] == 'l',
                0x0375 => i + 1 < runes.Length && IsGreek(runes[i + 1]),
                0x05F3 or 0x05F4 => i > 0 && IsHebrew(runes[i - 1]),
                0x30FB => runes.Any(c => c != 0x30FB && IsHiraganaKatakanaOrHan(c)),
                _ => true,
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsGreek(int r) => r is (>= 0x370 and <= 0x3FF) or (>= 0x1F00 and <= 0x1FFF);

    private static bool IsHebrew(int r) => r is (>= 0x590 and <= 0x5FF) or (>= 0xFB1D and <= 0xFB4F);

    private static bool IsHiraganaKatakanaOrHan(int r) =>
        r is (>= 0x3040 and <= 0x30FF) or (>= 0x31F0 and <= 0x31FF) or (>= 0x3400 and <= 0x4DBF) or (>= 0x4E00 and <= 0x9FFF)
            or (>= 0xF900 and <= 0xFAFF) or (>= 0x20000 and <= 0x3FFFF);

    internal static bool IsEmail(ReadOnlySpan<char> s)
    {
        int at;
        if (s.Length > 0 && s[0] == '"')
        {
            var i = 1;
            while (i < s.Length && s[i] != '"')
            {
                if (s[i] == '\\')
                {
                    i++;
                }
                else if (s[i] < 32 || s[i] > 126)
                {
                    return false;
                }

                i++;
            }

            if (i + 1 >= s.Length || s[i + 1] != '@' || i < 2)
            {
                return false;
            }

            at = i + 1;
        }
        else
        {
            at = s.LastIndexOf('@');
            if (at <= 0)
            {
                return false;
            }

            var local = s[..at];
            if (local[0] == '.' || local[^1] == '.' || local.Contains("..", StringComparison.Ordinal))
            {
                return false;
            }

            foreach (var c in local)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c == '.' || "!#$%&'*+-/=?^_`{|}~".Contains(c, StringComparison.Ordinal)))
                {
                    return false;
                }
            }
        }

        var domain = s[(at + 1)..];
        if (domain.Length > 2 && domain[0] == '[' && domain[^1] == ']')
        {
            var literal = domain[1..^1];
            return literal.StartsWith("IPv6:", StringComparison.Ordinal) ? IsIpv6(literal[5..]) : IsIpv4(literal);
        }

        return IsHostname(domain);
    }

    internal static bool IsUuid(ReadOnlySpan<char> s)
    {
        if (s.Length != 36)
        {
            return false;
        }

        for (var i = 0; i < 36; i++)
        {
            var ok = i is 8 or 13 or 18 or 23 ? s[i] == '-' : char.IsAsciiHexDigit(s[i]);
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    internal static bool IsJsonPointer(ReadOnlySpan<char> s)
    {
        if (s.Length > 0 && s[0] != '/')
        {
            return false;
        }

        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == '~' && (i + 1 >= s.Length || s[i + 1] is not ('0' or '1')))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsUnreserved(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~';

    private static bool IsSubDelim(char c) => c is '!' or '$' or '&' or '\'' or '(' or ')' or '*' or '+' or ',' or ';' or '=';

    /// <summary>Checks that every character is allowed (plus well-formed %XX escapes); <paramref name="extra"/> lists more allowed characters.</summary>
    private static bool AllAllowed(ReadOnlySpan<char> s, string extra)
    {
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c == '%')
            {
                if (i + 2 >= s.Length || !char.IsAsciiHexDigit(s[i + 1]) || !char.IsAsciiHexDigit(s[i + 2]))
                {
                    return false;
                }

                i += 2;
            }
            else if (!(IsUnreserved(c) || IsSubDelim(c) || extra.Contains(c, StringComparison.Ordinal)))
            {
                return false;
            }
        }

        return true;
    }

    internal static bool IsUri(ReadOnlySpan<char> s, bool requireScheme)
    {
        var rest = s;
        var schemeEnd = s.IndexOfAny(":/?#");
        if (schemeEnd > 0 && s[schemeEnd] == ':')
        {
            var scheme = s[..schemeEnd];
            if (!char.IsAsciiLetter(scheme[0]))
            {
                return false;
            }

            foreach (var c in scheme)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.'))
                {
                    return false;
                }
            }

            rest = s[(schemeEnd + 1)..];
        }
        else if (requireScheme)
        {
            return false;
        }

        var hash = rest.IndexOf('#');
        if (hash >= 0)
        {
            if (!AllAllowed(rest[(hash + 1)..], ":@/?"))
            {
                return false;
            }

            rest = rest[..hash];
        }

        var question = rest.IndexOf('?');
        if (question >= 0)
        {
            if (!AllAllowed(rest[(question + 1)..], ":@/?"))
            {
                return false;
            }

            rest = rest[..question];
        }

        if (rest.StartsWith("//"))
        {
            var slash = rest[2..].IndexOf('/');
            var authority = slash < 0 ? rest[2..] : rest.Slice(2, slash);
            rest = slash < 0 ? [] : rest[(2 + slash)..];
            if (!IsAuthority(authority))
            {
                return false;
            }
        }

        return AllAllowed(rest, ":@/");
    }

    private static bool IsAuthority(ReadOnlySpan<char> authority)
    {
        var at = authority.IndexOf('@');
        if (at >= 0)
        {
            if (!AllAllowed(authority[..at], ":"))
            {
                return false;
            }

            authority = authority[(at + 1)..];
        }

        ReadOnlySpan<char> port = [];
        if (authority.StartsWith("["))
        {
            var close = authority.IndexOf(']');
            if (close < 0)
            {
                return false;
            }

            var literal = authority[1..close];
            if (!(IsIpv6(literal) || (literal.Length > 1 && literal[0] is 'v' or 'V')))
            {
                return false;
            }

            var after = authority[(close + 1)..];
            if (after.Length > 0)
            {
                if (after[0] != ':')
                {
                    return false;
                }

                port = after[1..];
            }
        }
        else
        {
            var colon = authority.LastIndexOf(':');
            var host = colon < 0 ? authority : authority[..colon];
            port = colon < 0 ? [] : authority[(colon + 1)..];
            if (!AllAllowed(host, string.Empty))
            {
                return false;
            }
        }

        foreach (var c in port)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
