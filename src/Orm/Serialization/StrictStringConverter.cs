using System.Text.Json;
using System.Text.Json.Serialization;

namespace Horreum.Orm.Serialization;

/// <summary>
/// Strings at every depth (values, list items, dictionary keys): a lone UTF-16 surrogate has no UTF-8 form, and the
/// writer would silently store U+FFFD in its place, so it is refused; the mapper turns the refusal into an error
/// naming the key and field. Surrogate pairs are written as they are.
/// </summary>
internal sealed class StrictStringConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetString();

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
    {
        ThrowIfLoneSurrogate(value);
        writer.WriteStringValue(value);
    }

    public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetString() ?? throw new JsonException("a property name cannot be null");

    public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
    {
        ThrowIfLoneSurrogate(value);
        writer.WritePropertyName(value);
    }

    /// <summary>Throws <see cref="JsonException"/> naming the position of the first unpaired surrogate.</summary>
    public static void ThrowIfLoneSurrogate(string value)
    {
        var text = value.AsSpan();
        var at = text.IndexOfAnyInRange('\uD800', '\uDFFF');
        while (at >= 0)
        {
            if (!char.IsHighSurrogate(text[at]) || at + 1 >= text.Length || !char.IsLowSurrogate(text[at + 1]))
            {
                throw new JsonException($"the text holds a lone UTF-16 surrogate U+{(int)text[at]:X4} at index {at}, which has no UTF-8 form; it would be stored as U+FFFD, so it is refused");
            }
            var next = text[(at + 2)..].IndexOfAnyInRange('\uD800', '\uDFFF');
            at = next < 0 ? -1 : at + 2 + next;
        }
    }
}
