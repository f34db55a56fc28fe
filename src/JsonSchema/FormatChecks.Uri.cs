namespace Horreum.JsonSchema;

/// <summary>URIs and URI references (RFC 3986).</summary>
internal static partial class FormatChecks
{
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
