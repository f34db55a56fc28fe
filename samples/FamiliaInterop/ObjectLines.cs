using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using Horreum.Orm;
using Horreum.Orm.Modeling;
using Horreum.Orm.Serialization;

namespace FamiliaInterop;

/// <summary>
/// One printed line per object: <c>{"model":"Widget","id":"w1","fields":{"name":"…","count":3}}</c>, fields keyed by
/// their Ruby names in declaration order, absent (nil) fields left out, values as the JSON Familia stores, except a
/// decimal (Ruby BigDecimal), printed as its plain digits so a value reads and prints the same before and after a load.
/// </summary>
public static class ObjectLines
{
    /// <summary>The line of <paramref name="record"/>.</summary>
    public static string Of<T>(ModelRepository<T> repository, T record)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(record);
        var model = repository.Model;
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            // The Ruby class name without its modules (Acme::HTTPServer2Config → HTTPServer2Config).
            writer.WriteString("model", model.ClassName[(model.ClassName.LastIndexOf(':') + 1)..]);
            // Through the codec, as the field values: raw UTF-8 like Familia (Utf8JsonWriter would escape an emoji).
            writer.WritePropertyName("id");
            writer.WriteRawValue(repository.Codec.Encode(model.IdOf(record), typeof(string))!, skipInputValidation: true);
            writer.WriteStartObject("fields");
            foreach (var field in model.Fields)
            {
                var value = field.GetValue(record);
                if (value is null or RedactedString)
                {
                    // nil is left out; a transient field is never stored and never printed.
                    continue;
                }
                if (value is ConcealedString concealed)
                {
                    // The sample prints what Ruby's reveal gives: the plaintext, decrypted here with the configured key.
                    writer.WritePropertyName(field.StorageName);
                    writer.WriteRawValue(repository.Codec.Encode(concealed.Reveal(), typeof(string))!, skipInputValidation: true);
                    continue;
                }
                writer.WritePropertyName(field.StorageName);
                writer.WriteRawValue(Json(repository.Codec, value, field.Type), skipInputValidation: true);
            }
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string Json(IValueCodec codec, object value, Type type) => value switch
    {
        decimal d => d.ToString(CultureInfo.InvariantCulture),
        BigInteger b => b.ToString(CultureInfo.InvariantCulture),
        IDictionary<string, object?> map => "{" + string.Join(",", map.Select(p => codec.Encode(p.Key, typeof(string)) + ":" + (p.Value is null ? "null" : Json(codec, p.Value, typeof(object))))) + "}",
        System.Collections.IList list when value is not string => "[" + string.Join(",", list.Cast<object?>().Select(v => v is null ? "null" : Json(codec, v, typeof(object)))) + "]",
        _ => codec.Encode(value, type == typeof(object) ? value.GetType() : type)!,
    };
}
