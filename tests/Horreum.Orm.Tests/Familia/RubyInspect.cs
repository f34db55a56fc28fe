using System.Globalization;
using System.Numerics;
using System.Text;

namespace Horreum.Orm.Tests.Familia;

/// <summary>
/// What Ruby prints for a value (<c>Class: inspect</c>, as loaded.txt shows it), computed from the C# value the
/// mapper loaded, so a load can be compared with what Familia loaded. Written for the tests, independent of the
/// mapper's own number and string code.
/// </summary>
internal static class RubyInspect
{
    public static string ClassAndInspect(object? value) => $"{ClassOf(value)}: {Inspect(value)}";

    public static string ClassOf(object? value) => value switch
    {
        null => "NilClass",
        string => "String",
        bool b => b ? "TrueClass" : "FalseClass",
        long or int or BigInteger => "Integer",
        double or DateTimeOffset => "Float",
        decimal => "BigDecimal",
        System.Collections.IDictionary => "Hash",
        System.Collections.IList => "Array",
        _ => value.GetType().Name,
    };

    public static string Inspect(object? value) => value switch
    {
        null => "nil",
        string s => InspectString(s),
        bool b => b ? "true" : "false",
        long l => l.ToString(CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        BigInteger bi => bi.ToString(CultureInfo.InvariantCulture),
        double d => FloatToS(d),
        DateTimeOffset t => FloatToS((t.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 1e7),
        decimal m => BigDecimalToS(m),
        IDictionary<string, object?> map => map.Count == 0 ? "{}" : "{" + string.Join(", ", map.Select(p => InspectString(p.Key) + "=>" + Inspect(p.Value))) + "}",
        System.Collections.IList list => "[" + string.Join(", ", list.Cast<object?>().Select(Inspect)) + "]",
        _ => throw new NotSupportedException($"no Ruby inspect for {value.GetType().Name}"),
    };

    /// <summary>Ruby String#inspect for the characters the golden data holds.</summary>
    public static string InspectString(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var rune in s.EnumerateRunes())
        {
            var c = rune.Value;
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\t': sb.Append("\\t"); break;
                case '\r': sb.Append("\\r"); break;
                case '\a': sb.Append("\\a"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '\v': sb.Append("\\v"); break;
                case 0x1b: sb.Append("\\e"); break;
                default:
                    if (c < 0x20 || c == 0x7f || c == 0x2028 || c == 0x2029)
                    {
                        sb.Append("\\u").Append(c.ToString("X4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(rune.ToString());
                    }
                    break;
            }
        }
        return sb.Append('"').ToString();
    }

    /// <summary>Ruby Float#to_s: shortest round-trip digits; exponent form below 1e-4 and from 1e16.</summary>
    public static string FloatToS(double d)
    {
        if (d == 0)
        {
            return "0.0";
        }
        var r = Math.Abs(d).ToString("E16", CultureInfo.InvariantCulture);
        // Shortest digits: the fewest significant digits that parse back to d.
        string digits = "";
        var exp = 0;
        for (var precision = 1; precision <= 17; precision++)
        {
            var e = Math.Abs(d).ToString("E" + (precision - 1).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
            if (double.Parse(e, CultureInfo.InvariantCulture) == Math.Abs(d))
            {
                var parts = e.Split('E');
                digits = parts[0].Replace(".", "", StringComparison.Ordinal).TrimEnd('0');
                exp = int.Parse(parts[1], CultureInfo.InvariantCulture);
                break;
            }
        }
        _ = r;
        var sign = d < 0 ? "-" : "";
        if (exp < -4 || exp >= 16)
        {
            var mantissa = digits.Length == 1 ? digits + ".0" : digits[..1] + "." + digits[1..];
            return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + Math.Abs(exp).ToString("00", CultureInfo.InvariantCulture);
        }
        if (exp < 0)
        {
            return sign + "0." + new string('0', -exp - 1) + digits;
        }
        if (digits.Length <= exp + 1)
        {
            return sign + digits + new string('0', exp + 1 - digits.Length) + ".0";
        }
        return sign + digits[..(exp + 1)] + "." + digits[(exp + 1)..];
    }

    /// <summary>Ruby BigDecimal#to_s: <c>0.1e16</c>.</summary>
    public static string BigDecimalToS(decimal m)
    {
        if (m == 0)
        {
            return "0.0";
        }
        var text = Math.Abs(m).ToString(CultureInfo.InvariantCulture);
        var point = text.IndexOf('.', StringComparison.Ordinal);
        var intPart = point < 0 ? text : text[..point];
        var all = (intPart + (point < 0 ? "" : text[(point + 1)..])).TrimStart('0');
        var leadingZerosInFraction = intPart.TrimStart('0').Length == 0 && point >= 0 ? text[(point + 1)..].Length - text[(point + 1)..].TrimStart('0').Length : 0;
        var exponent = intPart.TrimStart('0').Length > 0 ? intPart.TrimStart('0').Length : -leadingZerosInFraction;
        return (m < 0 ? "-" : "") + "0." + all.TrimEnd('0') + "e" + exponent.ToString(CultureInfo.InvariantCulture);
    }
}
