using System.Text.Json;
using System.Text.Json.Serialization;

namespace Horreum.Orm.Serialization;

/// <summary>
/// Untyped (<c>object</c>) values as natural CLR values that keep their JSON kind: strings, booleans,
/// <c>List&lt;object?&gt;</c>, <c>Dictionary&lt;string, object?&gt;</c> in member order, and numbers as each storage
/// profile reads them (<see cref="ReadNumber"/>, the one rule the profiles differ in). Writing serializes the runtime
/// type; a bare <c>object</c> is <c>{}</c>.
/// </summary>
internal abstract class UntypedObjectConverter : JsonConverter<object>
{
    public override bool HandleNull => false;

    /// <summary>The CLR value of the number under the reader.</summary>
    protected abstract object ReadNumber(ref Utf8JsonReader reader);

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
                return ReadNumber(ref reader);
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
