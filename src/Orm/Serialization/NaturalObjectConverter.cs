using System.Buffers;
using System.Text.Json;

namespace Horreum.Orm.Serialization;

/// <summary>
/// <c>object</c> values decode to natural CLR values that keep their JSON kind: integers as <c>long</c> (or
/// <c>decimal</c> beyond long), other numbers as <c>double</c>, strings, booleans,
/// <c>List&lt;object?&gt;</c> and <c>Dictionary&lt;string, object?&gt;</c>. Integers never become doubles.
/// </summary>
internal sealed class NaturalObjectConverter : UntypedObjectConverter
{
    protected override object ReadNumber(ref Utf8JsonReader reader)
    {
        if (reader.TryGetInt64(out var l))
        {
            return l;
        }
        var span = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan.ToArray();
        var isIntegral = span.AsSpan().IndexOfAny((byte)'.', (byte)'e', (byte)'E') < 0;
        if (isIntegral && reader.TryGetDecimal(out var d))
        {
            return d;
        }
        return reader.GetDouble();
    }
}
