using System.Globalization;
using System.Numerics;
using System.Text;

namespace Horreum.Orm.Serialization;

/// <summary>
/// Number text as Familia 2.12 writes it (Oj 3.17 strict mode) and the rule by which it reads a float back as
/// Ruby Float or BigDecimal.
/// </summary>
internal static class FamiliaNumbers
{
    // 2^63 as a double: whole numbers below it (in magnitude) fit in a Ruby fixnum / C long long.
    private const double Int64Limit = 9223372036854775808.0;

    /// <summary>
    /// Oj strict's float text: <c>0.0</c> for either zero, <c>%.1f</c> for whole numbers within int64, else
    /// <c>%0.15g</c>; when that is 17+ characters ending in 0001 or 9999, Ruby's <c>Float#to_s</c> instead.
    /// </summary>
    /// <exception cref="NotSupportedException">NaN or infinity, which Familia refuses too.</exception>
    public static string FormatFloat(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new NotSupportedException($"{value.ToString(CultureInfo.InvariantCulture)} has no JSON form (Familia refuses NaN and Infinity too).");
        }
        if (value == 0)
        {
            return "0.0";
        }
        if (Math.Floor(value) == value && Math.Abs(value) < Int64Limit)
        {
            return ((long)value).ToString(CultureInfo.InvariantCulture) + ".0";
        }
        var g = CFormatG15(value);
        if (g.Length >= 17 && (g.EndsWith("0001", StringComparison.Ordinal) || g.EndsWith("9999", StringComparison.Ordinal)))
        {
            return RubyFloatToS(value);
        }
        return g;
    }

    /// <summary>Ruby BigDecimal's text as Oj writes it: <c>0.15e1</c>, <c>-0.1e-2</c>, <c>0.0</c>.</summary>
    public static string FormatBigDecimal(decimal value)
    {
        if (value == 0)
        {
            return "0.0";
        }
        var (digits, exponent) = DecimalDigits(Math.Abs(value));
        return (value < 0 ? "-" : "") + "0." + digits + "e" + exponent.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The significant digits of a JSON number's text (leading zeros not counted, trailing ones counted): Oj reads a
    /// float with more than 15 of them as BigDecimal.
    /// </summary>
    public static int SignificantDigits(ReadOnlySpan<byte> number)
    {
        var count = 0;
        var leading = true;
        foreach (var b in number)
        {
            if (b is (byte)'e' or (byte)'E')
            {
                break;
            }
            if (b is < (byte)'0' or > (byte)'9')
            {
                continue;
            }
            if (leading && b == (byte)'0')
            {
                continue;
            }
            leading = false;
            count++;
        }
        return count;
    }

    /// <summary>Whether the number's text is an integer (no fraction, no exponent).</summary>
    public static bool IsIntegerText(ReadOnlySpan<byte> number) => number.IndexOfAny((byte)'.', (byte)'e', (byte)'E') < 0;

    /// <summary>An integer's text as a long when it fits, else as a <see cref="BigInteger"/>.</summary>
    public static object ParseInteger(ReadOnlySpan<byte> number)
    {
        var text = Encoding.ASCII.GetString(number);
        // Both arms boxed as object: a plain ternary would convert the long to BigInteger.
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)
            ? (object)l
            : (object)BigInteger.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
    }

    /// <summary>C's <c>%.15g</c>: 15 significant digits, trailing zeros dropped, exponent form below 1e-4 and from 1e15.</summary>
    private static string CFormatG15(double value)
    {
        // .NET's G15 rounds exactly and switches to the exponent form at the same bounds as C; only the exponent's
        // letter differs ("E+20" against "e+20"); both use at least two exponent digits.
        var text = value.ToString("G15", CultureInfo.InvariantCulture);
        return text.Replace('E', 'e');
    }

    /// <summary>Ruby's <c>Float#to_s</c>: the shortest text that reads back the same, fixed for 1e-4 ≤ |x| &lt; 1e16.</summary>
    private static string RubyFloatToS(double value)
    {
        var (digits, exponent) = ShortestDigits(Math.Abs(value));
        var sign = value < 0 ? "-" : "";
        // exponent: value = 0.digits × 10^exponent
        var decimalExponent = exponent - 1;
        if (decimalExponent is < -4 or >= 16)
        {
            var mantissa = digits.Length == 1 ? digits + ".0" : digits[..1] + "." + digits[1..];
            var e = decimalExponent < 0 ? "-" + (-decimalExponent).ToString("00", CultureInfo.InvariantCulture) : "+" + decimalExponent.ToString("00", CultureInfo.InvariantCulture);
            return sign + mantissa + "e" + e;
        }
        if (exponent <= 0)
        {
            return sign + "0." + new string('0', -exponent) + digits;
        }
        if (exponent >= digits.Length)
        {
            return sign + digits + new string('0', exponent - digits.Length) + ".0";
        }
        return sign + digits[..exponent] + "." + digits[exponent..];
    }

    /// <summary>The shortest round-trip digits of a positive double and e such that value = 0.digits × 10^e.</summary>
    private static (string Digits, int Exponent) ShortestDigits(double value) =>
        SplitDigits(value.ToString("R", CultureInfo.InvariantCulture));

    private static (string Digits, int Exponent) DecimalDigits(decimal value) =>
        SplitDigits(value.ToString(CultureInfo.InvariantCulture));

    /// <summary>Splits "123.45", "0.0012" or "1.5E-07" into significant digits and e with value = 0.digits × 10^e.</summary>
    private static (string Digits, int Exponent) SplitDigits(string text)
    {
        var exponentPart = 0;
        var ePos = text.IndexOfAny(['E', 'e']);
        if (ePos >= 0)
        {
            exponentPart = int.Parse(text.AsSpan(ePos + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..ePos];
        }
        var point = text.IndexOf('.', StringComparison.Ordinal);
        var intPart = point < 0 ? text : text[..point];
        var fracPart = point < 0 ? "" : text[(point + 1)..];
        var all = intPart + fracPart;
        var firstNonZero = 0;
        while (firstNonZero < all.Length && all[firstNonZero] == '0')
        {
            firstNonZero++;
        }
        var digits = all[firstNonZero..].TrimEnd('0');
        if (digits.Length == 0)
        {
            return ("0", 0);
        }
        var exponent = intPart.Length - firstNonZero + exponentPart;
        return (digits, exponent);
    }
}
