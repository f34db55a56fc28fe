using System.Globalization;
using System.Text.Json;

namespace Horreum.Orm.Serialization;

/// <summary>
/// The JSON text of the commonest field values (a string of plain ASCII, a whole number, a boolean) written and read
/// without going through <see cref="JsonSerializer"/>, which costs a writer or reader, a transcoding and a boxed
/// result per value. The text is exactly what the serializer writes: each shortcut is switched on only after the
/// finished options were asked to write the same values and wrote them this way, so a user converter, encoder or
/// number handling that writes them differently switches it off. Anything outside the shortcuts (escapes,
/// non-ASCII on write, leading zeros, exponents, whitespace) takes the serializer's own path.
/// </summary>
internal sealed class PlainJsonText
{
    private readonly bool[] _asciiAsItself = new bool[128];
    private readonly bool _strings;
    private readonly bool _longs;
    private readonly bool _ints;
    private readonly bool _booleans;

    private PlainJsonText(JsonSerializerOptions options)
    {
        // Reading: any string converter but the mapper's own might read "…" differently; writing: the encoder decides.
        _strings = options.GetConverter(typeof(string)) is StrictStringConverter;
        if (_strings)
        {
            for (var c = (char)0x20; c < 0x7F; c++)
            {
                var text = c.ToString();
                _asciiAsItself[c] = c is not '"' and not '\\' && JsonSerializer.Serialize(text, options) == "\"" + text + "\"";
            }
        }
        _longs = WritesAsDigits(options, long.MinValue, long.MaxValue, 0L, -42L);
        _ints = WritesAsDigits(options, int.MinValue, int.MaxValue, 0, -42);
        _booleans = BuiltIn(options, typeof(bool)) && JsonSerializer.Serialize(true, options) == "true" && JsonSerializer.Serialize(false, options) == "false"
            && JsonSerializer.Deserialize<bool>("true", options) && !JsonSerializer.Deserialize<bool>("false", options);
    }

    /// <summary>The shortcuts the finished <paramref name="options"/> allow.</summary>
    public static PlainJsonText For(JsonSerializerOptions options) => new(options);

    /// <summary>The JSON text of <paramref name="value"/> when a shortcut covers it; null otherwise.</summary>
    public string? TryEncode(object value, Type declaredType)
    {
        if (value is string text && declaredType == typeof(string) && _strings)
        {
            foreach (var c in text)
            {
                if (c >= 0x80 || !_asciiAsItself[c])
                {
                    return null;
                }
            }
            return string.Concat("\"", text, "\"");
        }
        if (value is long l && _longs && (declaredType == typeof(long) || declaredType == typeof(long?)))
        {
            return l.ToString(CultureInfo.InvariantCulture);
        }
        if (value is int i && _ints && (declaredType == typeof(int) || declaredType == typeof(int?)))
        {
            return i.ToString(CultureInfo.InvariantCulture);
        }
        if (value is bool b && _booleans && (declaredType == typeof(bool) || declaredType == typeof(bool?)))
        {
            return b ? "true" : "false";
        }
        return null;
    }

    /// <summary>Reads <paramref name="raw"/> when a shortcut covers it (valid JSON of the type); false sends it the long way.</summary>
    public bool TryDecode(string raw, Type type, out object? value)
    {
        value = null;
        if (type == typeof(string))
        {
            if (!_strings || raw.Length < 2 || raw[0] != '"' || raw[^1] != '"')
            {
                return false;
            }
            var inner = raw.AsSpan(1, raw.Length - 2);
            // Escapes, control characters and surrogates (a lone one is not valid text) are left to the reader.
            if (inner.IndexOfAny('"', '\\') >= 0 || inner.IndexOfAnyInRange('\0', '\u001F') >= 0 || inner.IndexOfAnyInRange('\uD800', '\uDFFF') >= 0)
            {
                return false;
            }
            value = inner.ToString();
            return true;
        }
        // Numbers and booleans: the UTF-8 path (a whole number or boolean is short; anything longer is not one).
        if (raw.Length > 32)
        {
            return false;
        }
        Span<byte> utf8 = stackalloc byte[32 * 3];
        return TryDecode(utf8[..System.Text.Encoding.UTF8.GetBytes(raw, utf8)], type, out value);
    }

    /// <summary>
    /// As <see cref="TryDecode(string, Type, out object?)"/>, from the stored UTF-8 (what the record pass reads): the
    /// same values are accepted and give the same result, without the text of the whole value being made first.
    /// </summary>
    public bool TryDecode(ReadOnlySpan<byte> utf8, Type type, out object? value)
    {
        value = null;
        if (type == typeof(string))
        {
            if (!_strings || utf8.Length < 2 || utf8[0] != (byte)'"' || utf8[^1] != (byte)'"')
            {
                return false;
            }
            var inner = utf8[1..^1];
            // Escapes and control characters are left to the reader; bytes past ASCII decode as the text path would.
            if (inner.IndexOfAny((byte)'"', (byte)'\\') >= 0 || inner.IndexOfAnyInRange((byte)0, (byte)0x1F) >= 0)
            {
                return false;
            }
            value = System.Text.Encoding.UTF8.GetString(inner);
            return true;
        }
        if ((type == typeof(long) || type == typeof(long?)) && _longs)
        {
            if (IsJsonInteger(utf8) && long.TryParse(utf8, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
            {
                value = l;
                return true;
            }
            return false;
        }
        if ((type == typeof(int) || type == typeof(int?)) && _ints)
        {
            if (IsJsonInteger(utf8) && int.TryParse(utf8, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i))
            {
                value = i;
                return true;
            }
            return false;
        }
        if ((type == typeof(bool) || type == typeof(bool?)) && _booleans)
        {
            if (utf8.SequenceEqual("true"u8))
            {
                value = true;
                return true;
            }
            if (utf8.SequenceEqual("false"u8))
            {
                value = false;
                return true;
            }
        }
        return false;
    }

    /// <summary>JSON's integer grammar: an optional minus, then 0 or digits without a leading zero.</summary>
    private static bool IsJsonInteger(ReadOnlySpan<byte> utf8)
    {
        var digits = utf8.Length > 0 && utf8[0] == (byte)'-' ? utf8[1..] : utf8;
        return digits.Length > 0 && (digits.Length == 1 || digits[0] != (byte)'0') && !digits.ContainsAnyExceptInRange((byte)'0', (byte)'9');
    }

    private static bool BuiltIn(JsonSerializerOptions options, Type type) =>
        options.GetConverter(type).GetType().Assembly == typeof(JsonSerializer).Assembly;

    private static bool WritesAsDigits<TNumber>(JsonSerializerOptions options, params TNumber[] samples)
        where TNumber : IFormattable
    {
        if (!BuiltIn(options, typeof(TNumber)))
        {
            return false;
        }
        foreach (var sample in samples)
        {
            var digits = sample.ToString(null, CultureInfo.InvariantCulture);
            if (JsonSerializer.Serialize(sample, options) != digits || !Equals(JsonSerializer.Deserialize<TNumber>(digits, options), sample))
            {
                return false;
            }
        }
        return true;
    }
}
