using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Horreum.Orm.Serialization;

/// <summary>
/// Untyped (<c>object</c>) values read the way Oj strict loads them into Ruby: Integer → <c>long</c>, or
/// <see cref="System.Numerics.BigInteger"/> beyond it; Float → <c>double</c>; a float with more than 15 significant
/// digits (Ruby BigDecimal) → <c>decimal</c> (a <c>double</c> when it is beyond decimal's range); strings, booleans,
/// <c>List&lt;object?&gt;</c>, <c>Dictionary&lt;string, object?&gt;</c> in member order.
/// </summary>
internal sealed class FamiliaObjectConverter : JsonConverter<object>
{
    private const int FloatDigits = 15;

    public override bool HandleNull => false;

    public override object? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return reader.GetString();
            case JsonTokenType.True:
                return true;
            case JsonTokenType.False:
                return false;
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number:
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
            case JsonTokenType.StartArray:
                var list = new List<object?>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    list.Add(Read(ref reader, typeof(object), options));
                }
                return list;
            case JsonTokenType.StartObject:
                var dict = new Dictionary<string, object?>(StringComparer.Ordinal);
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var name = reader.GetString()!;
                    reader.Read();
                    dict[name] = Read(ref reader, typeof(object), options);
                }
                return dict;
            default:
                throw new JsonException($"unexpected JSON token {reader.TokenType}");
        }
    }

    public override void Write(Utf8JsonWriter writer, object value, JsonSerializerOptions options)
    {
        var runtime = value.GetType();
        if (runtime == typeof(object))
        {
            writer.WriteStartObject();
            writer.WriteEndObject();
            return;
        }
        JsonSerializer.Serialize(writer, value, runtime, options);
    }
}
