using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Horreum.Orm.Serialization;

/// <summary>
/// Untyped (<c>object</c>) values read the way Oj strict loads them into Ruby: Integer → <c>long</c>, or
/// <see cref="System.Numerics.BigInteger"/> beyond it; Float → <c>double</c>; a float with more than 15 significant
/// digits (Ruby BigDecimal) → <c>decimal</c> (a <c>double</c> when it is beyond decimal's range); strings, booleans,
/// <c>List&lt;object?&gt;</c>, <c>Dictionary&lt;string, object?&gt;</c> in member order.
/// </summary>
internal sealed class FamiliaObjectConverter : UntypedObjectConverter
{
    private const int FloatDigits = 15;

    protected override object ReadNumber(ref Utf8JsonReader reader)
    {
        var span = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan.ToArray();
        if (FamiliaNumbers.IsIntegerText(span))
        {
            return FamiliaNumbers.ParseInteger(span);
        }
        if (FamiliaNumbers.SignificantDigits(span) > FloatDigits
            && decimal.TryParse(Encoding.ASCII.GetString(span), NumberStyles.Float, CultureInfo.InvariantCulture, out var big))
        {
            return big;
        }
        return reader.GetDouble();
    }
}
