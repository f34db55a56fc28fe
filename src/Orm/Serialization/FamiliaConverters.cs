using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Horreum.Orm.Serialization;

/// <summary>double as Oj strict writes a Ruby Float; reads every float form another writer uses.</summary>
internal sealed class FamiliaDoubleConverter : JsonConverter<double>
{
    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Number ? reader.GetDouble() : throw new JsonException("expected a number");

    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options) =>
        writer.WriteRawValue(FamiliaNumbers.FormatFloat(value), skipInputValidation: true);
}

/// <summary>float, written through its shortest double value like a Ruby Float.</summary>
internal sealed class FamiliaSingleConverter : JsonConverter<float>
{
    public override float Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Number ? (float)reader.GetDouble() : throw new JsonException("expected a number");

    public override void Write(Utf8JsonWriter writer, float value, JsonSerializerOptions options) =>
        writer.WriteRawValue(FamiliaNumbers.FormatFloat(double.Parse(value.ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)), skipInputValidation: true);
}

/// <summary>decimal as Ruby BigDecimal (<c>0.15e1</c>); reads any JSON number that fits.</summary>
internal sealed class FamiliaDecimalConverter : JsonConverter<decimal>
{
    public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            throw new JsonException("expected a number");
        }
        var text = Encoding.ASCII.GetString(reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan);
        return decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options) =>
        writer.WriteRawValue(FamiliaNumbers.FormatBigDecimal(value), skipInputValidation: true);
}

/// <summary>BigInteger as a Ruby Integer (bignum): plain digits.</summary>
internal sealed class BigIntegerConverter : JsonConverter<BigInteger>
{
    public override BigInteger Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            throw new JsonException("expected an integer");
        }
        var span = reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan.ToArray();
        if (!FamiliaNumbers.IsIntegerText(span))
        {
            throw new JsonException("expected an integer, not a float");
        }
        return BigInteger.Parse(Encoding.ASCII.GetString(span), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
    }

    public override void Write(Utf8JsonWriter writer, BigInteger value, JsonSerializerOptions options) =>
        writer.WriteRawValue(value.ToString(CultureInfo.InvariantCulture), skipInputValidation: true);
}

/// <summary>
/// DateTimeOffset as Familia's timestamps: float epoch seconds (<c>Familia.now</c>), written with 15 significant
/// digits (10 µs at today's epoch) and read back rounded to the nearest 100 ns tick.
/// </summary>
internal sealed class FamiliaEpochDateTimeOffsetConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        FamiliaTime.FromEpochSeconds(EpochSeconds.Read(ref reader));

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteRawValue(FamiliaNumbers.FormatFloat(FamiliaTime.ToEpochSeconds(value)), skipInputValidation: true);
}

/// <summary>Epoch seconds as the stored text says them (decimal, so no binary rounding is added to Familia's own).</summary>
internal static class EpochSeconds
{
    public static decimal Read(ref Utf8JsonReader reader) =>
        reader.TokenType != JsonTokenType.Number ? throw new JsonException("expected epoch seconds (a number)")
        : reader.TryGetDecimal(out var seconds) ? seconds
        : throw new JsonException("epoch seconds out of range");
}

/// <summary>DateTime (UTC) as float epoch seconds, like <see cref="FamiliaEpochDateTimeOffsetConverter"/>.</summary>
internal sealed class FamiliaEpochDateTimeConverter : JsonConverter<DateTime>
{
    public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        FamiliaTime.FromEpochSeconds(EpochSeconds.Read(ref reader)).UtcDateTime;

    public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options)
    {
        var utc = value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : DateTime.SpecifyKind(value, DateTimeKind.Utc);
        writer.WriteRawValue(FamiliaNumbers.FormatFloat(FamiliaTime.ToEpochSeconds(new DateTimeOffset(utc))), skipInputValidation: true);
    }
}

/// <summary>Refuses dictionaries whose keys are not strings: Familia raises SerializerError on Integer, Float or nil keys.</summary>
internal sealed class NonStringKeyDictionaryRefusal : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert)
    {
        var dictionary = typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(IDictionary<,>)
            ? typeToConvert
            : typeToConvert.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>));
        return dictionary is not null && dictionary.GetGenericArguments()[0] != typeof(string);
    }

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Refusal<>).MakeGenericType(typeToConvert))!;

    private sealed class Refusal<T> : JsonConverter<T>
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException($"{TypeNames.Of(typeToConvert)} has non-string keys; a Familia hash has string keys only (Familia refuses Integer, Float and nil keys).");

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            throw new NotSupportedException($"{TypeNames.Of(typeof(T))} has non-string keys, which Familia cannot store (it raises SerializerError for Integer, Float and nil hash keys); use string keys.");
    }
}
