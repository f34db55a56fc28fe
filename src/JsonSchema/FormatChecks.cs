namespace Horreum.JsonSchema;

/// <summary>
/// Hand-written checks for the asserted formats, following the RFCs the specification cites (3339, 5321, 1123/5890,
/// 2673/4291, 3986, 4122, 6901). Digits are ASCII only: Unicode digits never satisfy these grammars.
/// </summary>
internal static partial class FormatChecks
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

}
