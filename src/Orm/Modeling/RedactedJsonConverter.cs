using System.Text.Json;
using System.Text.Json.Serialization;

namespace Horreum.Orm.Modeling;

/// <summary>Writes a <see cref="RedactedString"/> as <c>"[REDACTED]"</c> and refuses to read one: a secret has no JSON form.</summary>
internal sealed class RedactedJsonConverter : JsonConverter<RedactedString>
{
    public override RedactedString Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new JsonException("A RedactedString is never read from JSON: transient values are not stored.");

    public override void Write(Utf8JsonWriter writer, RedactedString value, JsonSerializerOptions options) =>
        writer.WriteStringValue(RedactedString.Placeholder);
}
