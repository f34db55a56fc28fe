using System.Text.Json;
using System.Text.Json.Serialization;

namespace Horreum.Orm.Modeling;

/// <summary>Writes a <see cref="ConcealedString"/> as <c>"[CONCEALED]"</c> and refuses to read one.</summary>
internal sealed class ConcealedJsonConverter : JsonConverter<ConcealedString>
{
    public override ConcealedString Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new JsonException("A ConcealedString is never read from plain JSON: encrypted fields are decoded from their envelope.");

    public override void Write(Utf8JsonWriter writer, ConcealedString value, JsonSerializerOptions options) =>
        writer.WriteStringValue(ConcealedString.Placeholder);
}
