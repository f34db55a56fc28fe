namespace Horreum.JsonSchema;

/// <summary>RFC 3339 dates, times and date-times, and ISO 8601 durations (RFC 3339 appendix A).</summary>
internal static partial class FormatChecks
{
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
}
