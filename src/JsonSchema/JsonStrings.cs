using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Horreum.JsonSchema;

/// <summary>Allocation-free access to string values, falling back to <see cref="JsonElement.GetString"/> only for escaped text.</summary>
internal static class JsonStrings
{
    /// <summary>Length in Unicode code points, which is what minLength/maxLength count (not UTF-16 units).</summary>
    internal static int CodePointLength(JsonElement value)
    {
        var raw = JsonMarshal.GetRawUtf8Value(value);
        if (raw.IndexOf((byte)'\\') < 0)
        {
            var count = 0;
            foreach (var b in raw)
            {
                if ((b & 0xC0) != 0x80)
                {
                    count++;
                }
            }

            return raw.Length >= 2 && raw[0] == (byte)'"' ? count - 2 : count;
        }

        var s = value.GetString() ?? string.Empty;
        var n = 0;
        for (var i = 0; i < s.Length; i++)
        {
            if (!(char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])))
            {
                n++;
            }
        }

        return n;
    }

    /// <summary>
    /// Decodes a string value into a rented buffer (or a fresh string for escaped text) and runs <paramref name="check"/> on it.
    /// </summary>
    internal static bool Check<TState>(JsonElement value, TState state, Func<TState, ReadOnlySpan<char>, bool> check)
    {
        var raw = JsonMarshal.GetRawUtf8Value(value);
        if (raw.Length >= 2 && raw[0] == (byte)'"')
        {
            raw = raw[1..^1];
        }

        if (raw.IndexOf((byte)'\\') >= 0)
        {
            return check(state, (value.GetString() ?? string.Empty).AsSpan());
        }

        if (raw.Length <= 256)
        {
            Span<char> stack = stackalloc char[256];
            var n = Encoding.UTF8.GetChars(raw, stack);
            return check(state, stack[..n]);
        }

        var rented = ArrayPool<char>.Shared.Rent(Encoding.UTF8.GetMaxCharCount(raw.Length));
        try
        {
            var n = Encoding.UTF8.GetChars(raw, rented);
            return check(state, rented.AsSpan(0, n));
        }
        finally
        {
            ArrayPool<char>.Shared.Return(rented);
        }
    }

    /// <summary>Same as <see cref="Check{TState}(JsonElement, TState, Func{TState, ReadOnlySpan{char}, bool})"/> for a property name.</summary>
    internal static bool CheckName<TState>(JsonProperty property, TState state, Func<TState, ReadOnlySpan<char>, bool> check)
    {
        var raw = JsonMarshal.GetRawUtf8PropertyName(property);
        if (raw.IndexOf((byte)'\\') >= 0)
        {
            return check(state, property.Name.AsSpan());
        }

        if (raw.Length <= 256)
        {
            Span<char> stack = stackalloc char[256];
            var n = Encoding.UTF8.GetChars(raw, stack);
            return check(state, stack[..n]);
        }

        return check(state, property.Name.AsSpan());
    }
}
