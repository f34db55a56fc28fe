using System.Globalization;

namespace Horreum.JsonSchema;

/// <summary>Host names (RFC 1123, IDNA2008 A-labels per RFC 5890/5892) and e-mail addresses (RFC 5321).</summary>
internal static partial class FormatChecks
{
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
}
