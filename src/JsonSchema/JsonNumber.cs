using System.Runtime.InteropServices;
using System.Text.Json;

namespace Horreum.JsonSchema;

/// <summary>
/// Exact arithmetic on JSON number text. Comparing the decimal digits directly is exact for any size
/// (1e400, 12345678901234567890123) and never throws, unlike converting to double or decimal.
/// </summary>
internal static class JsonNumber
{
    /// <summary>Raw UTF-8 text of a number element; no allocation.</summary>
    internal static ReadOnlySpan<byte> Raw(JsonElement number) => JsonMarshal.GetRawUtf8Value(number);

    internal static bool IsInteger(JsonElement number)
    {
        var n = new Normal(Raw(number));
        return n.IsZero || n.Exponent >= n.DigitCount;
    }

    /// <summary>Compares two number texts by value: negative, zero or positive.</summary>
    internal static int Compare(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        var x = new Normal(a);
        var y = new Normal(b);
        if (x.IsZero && y.IsZero)
        {
            return 0;
        }

        var sx = x.IsZero ? 0 : x.Negative ? -1 : 1;
        var sy = y.IsZero ? 0 : y.Negative ? -1 : 1;
        if (sx != sy)
        {
            return sx.CompareTo(sy);
        }

        var magnitude = CompareMagnitude(ref x, ref y, a, b);
        return sx < 0 ? -magnitude : magnitude;
    }

    internal static bool Equal(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) => Compare(a, b) == 0;

    private static int CompareMagnitude(ref Normal x, ref Normal y, ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        // Exponent here is the position of the decimal point after the first significant digit run.
        if (x.Exponent != y.Exponent)
        {
            return x.Exponent.CompareTo(y.Exponent);
        }

        var n = Math.Max(x.DigitCount, y.DigitCount);
        for (var i = 0; i < n; i++)
        {
            var dx = i < x.DigitCount ? x.Digit(a, i) : 0;
            var dy = i < y.DigitCount ? y.Digit(b, i) : 0;
            if (dx != dy)
            {
                return dx.CompareTo(dy);
            }
        }

        return 0;
    }

    /// <summary>
    /// A number as 0.d1d2...dn × 10^Exponent with d1 ≠ 0 and dn ≠ 0, indexing digits in the original text.
    /// </summary>
    private ref struct Normal
    {
        private readonly int _intStart;
        private readonly int _intEnd;
        private readonly int _fracStart;
        private readonly int _fracEnd;
        private readonly int _skip;

        public Normal(ReadOnlySpan<byte> text)
        {
            var i = 0;
            Negative = text.Length > 0 && text[0] == (byte)'-';
            if (Negative)
            {
                i++;
            }

            _intStart = i;
            while (i < text.Length && text[i] is >= (byte)'0' and <= (byte)'9')
            {
                i++;
            }

            _intEnd = i;
            _fracStart = _fracEnd = i;
            if (i < text.Length && text[i] == (byte)'.')
            {
                i++;
                _fracStart = i;
                while (i < text.Length && text[i] is >= (byte)'0' and <= (byte)'9')
                {
                    i++;
                }

                _fracEnd = i;
            }

            long exp = 0;
            if (i < text.Length && (text[i] | 0x20) == (byte)'e')
            {
                i++;
                var expNegative = false;
                if (i < text.Length && (text[i] == (byte)'+' || text[i] == (byte)'-'))
                {
                    expNegative = text[i] == (byte)'-';
                    i++;
                }

                while (i < text.Length)
                {
                    // Saturate: exponents beyond a billion are out of range for any real comparison anyway.
                    exp = Math.Min(exp * 10 + (text[i] - '0'), 1_000_000_000L);
                    i++;
                }

                if (expNegative)
                {
                    exp = -exp;
                }
            }

            var total = (_intEnd - _intStart) + (_fracEnd - _fracStart);
            var lead = 0;
            while (lead < total && RawDigit(text, lead) == 0)
            {
                lead++;
            }

            if (lead == total)
            {
                IsZero = true;
                DigitCount = 0;
                Exponent = 0;
                _skip = 0;
                return;
            }

            var last = total - 1;
            while (RawDigit(text, last) == 0)
            {
                last--;
            }

            _skip = lead;
            DigitCount = last - lead + 1;
            Exponent = (_intEnd - _intStart) - lead + exp;
            IsZero = false;
        }

        public bool Negative { get; }

        public bool IsZero { get; }

        public int DigitCount { get; }

        public long Exponent { get; }

        public readonly int Digit(ReadOnlySpan<byte> text, int index) => RawDigit(text, index + _skip);

        private readonly int RawDigit(ReadOnlySpan<byte> text, int index)
        {
            var intLength = _intEnd - _intStart;
            return index < intLength ? text[_intStart + index] - '0' : text[_fracStart + index - intLength] - '0';
        }
    }
}
