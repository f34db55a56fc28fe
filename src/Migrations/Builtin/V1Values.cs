using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Horreum.Orm.Serialization;

namespace Horreum.Migrations.Builtin;

/// <summary>
/// The v1 → v2 rules, driven by the declared CLR type. v1 stored scalars as plain text (strings unquoted,
/// <c>true</c>/<c>false</c> or <c>1</c>/<c>0</c> booleans, <c>""</c> for nil) and JSON only for hashes and arrays.
/// Avoids the known bugs: the string <c>"null"</c> is not re-quoted on a second run (and the text <c>null</c> in a
/// string field is only rewritten as <see cref="V1NullText"/> says),
/// <c>"007"</c> stays a string, corrupt JSON is reported (never replaced by <c>{}</c>), and <c>"1"</c> for a
/// boolean is true.
/// </summary>
public static class V1Values
{
    // Decisions without a value are the same every time (records are immutable): one instance each, not one per field.
    private static readonly V1Conversion s_remove = new(V1ConversionKind.Remove);
    private static readonly V1Conversion s_alreadyV2 = new(V1ConversionKind.AlreadyV2);

    /// <summary>Decides what to do with <paramref name="raw"/> stored for a property of <paramref name="type"/>.</summary>
    /// <param name="raw">The stored text.</param>
    /// <param name="type">The property's declared type.</param>
    /// <param name="serializer">The mapper's serializer (what counts as v2).</param>
    /// <param name="nullText">What the text <c>null</c> in a string field means (default: ambiguous, left as stored).</param>
    public static V1Conversion Classify(string raw, Type type, HorreumSerializer serializer, V1NullText nullText = V1NullText.Leave)
    {
        ArgumentNullException.ThrowIfNull(raw);
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(serializer);
        if (raw.Length == 0)
        {
            return s_remove;
        }
        var t = Nullable.GetUnderlyingType(type) ?? type;
        var isStringish = t == typeof(string) || t == typeof(char) || t == typeof(Guid) || t.IsEnum || t == typeof(DateTime)
            || t == typeof(DateTimeOffset) || t == typeof(TimeSpan) || t == typeof(DateOnly) || t == typeof(TimeOnly) || t == typeof(Uri);

        if (raw == "null")
        {
            // Not a v1 value of any other type: nil by every reading. In a string field it is ambiguous (V1NullText).
            return t != typeof(string) ? s_remove : nullText switch
            {
                V1NullText.Text => new V1Conversion(V1ConversionKind.Convert, "null"),
                V1NullText.Nil => s_remove,
                _ => new V1Conversion(V1ConversionKind.Ambiguous, Reason: "the text null: the word in v1, nil in Familia 2.0-2.11 and the mapper"),
            };
        }
        if (IsJsonStringLiteral(raw) || !isStringish)
        {
            if (serializer.IsV2(raw, type))
            {
                return s_alreadyV2;
            }
        }

        if (t == typeof(bool))
        {
            return raw.Trim().ToUpperInvariant() switch
            {
                "TRUE" or "1" or "T" or "YES" => new V1Conversion(V1ConversionKind.Convert, true),
                "FALSE" or "0" or "F" or "NO" => new V1Conversion(V1ConversionKind.Convert, false),
                _ => Invalid("is not a v1 boolean (true/false/1/0)"),
            };
        }
        if (t == typeof(string))
        {
            return new V1Conversion(V1ConversionKind.Convert, raw);
        }
        if ((t == typeof(DateTime) || t == typeof(DateTimeOffset)) && long.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var epoch))
        {
            var instant = DateTimeOffset.FromUnixTimeSeconds(epoch);
            return new V1Conversion(V1ConversionKind.Convert, t == typeof(DateTime) ? (object)instant.UtcDateTime : instant);
        }
        if (isStringish)
        {
            // The plain text as a JSON string, decoded strictly by the type (a date, a Guid, an enum name…).
            var quoted = JsonSerializer.Serialize(raw);
            try
            {
                return new V1Conversion(V1ConversionKind.Convert, serializer.Decode(quoted, type, "", ""));
            }
            catch (FieldDecodeException)
            {
                return Invalid("is not a valid v1 text form of the type");
            }
        }
        if (t == typeof(object) || t == typeof(JsonNode) || t == typeof(JsonElement))
        {
            // Untyped: heuristics only here. Valid JSON was handled above; anything else was a plain string.
            return new V1Conversion(V1ConversionKind.Convert, t == typeof(JsonNode) ? JsonValue.Create(raw) : t == typeof(JsonElement) ? JsonSerializer.SerializeToElement(raw) : raw);
        }
        return Invalid("is not valid JSON for the type (corrupt, or neither v1 nor v2)");
    }

    private static V1Conversion Invalid(string why) =>
        new(V1ConversionKind.Invalid, Reason: why);

    internal static bool IsJsonStringLiteral(string raw) => raw.Length >= 2 && raw[0] == '"' && raw[^1] == '"';
}
