using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Horreum.Orm.Serialization;

/// <summary>
/// The v2 storage format: every field value is the JSON text of the value, decoded by the declared CLR type, so
/// <c>"007"</c> stays a string and <c>42</c> stays an integer. Thread-safe; build one per options and reuse it.
/// </summary>
public sealed class HorreumSerializer : IValueCodec
{
    /// <summary>The serializer with default options.</summary>
    public static HorreumSerializer Default { get; } = new();

    /// <summary>Creates a serializer. User options are copied and given the mapper's converters where they lack them.</summary>
    /// <param name="userOptions">Converters, naming and other settings for nested values; null for the defaults.</param>
    public HorreumSerializer(JsonSerializerOptions? userOptions = null)
    {
        var o = userOptions is null ? new JsonSerializerOptions() : new JsonSerializerOptions(userOptions);
        if (userOptions is null)
        {
            // Readable UTF-8 in HGETALL; values are never embedded in HTML.
            o.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
            // Nested values written before the one-rule naming (PascalCase keys) still read for one-word names.
            o.PropertyNameCaseInsensitive = true;
        }
        // One naming rule at every depth: nested objects are named like hash fields and leave out null properties,
        // as the top level does. Dictionary keys are data and stay as given.
        o.PropertyNamingPolicy ??= new ProfileNamingPolicy(Modeling.StorageProfile.Horreum);
        if (o.DefaultIgnoreCondition == JsonIgnoreCondition.Never)
        {
            o.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        }
        o.NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals;
        o.AllowOutOfOrderMetadataProperties = true;
        // User converters come first so they win over the defaults below.
        AddIfMissing(o, new UtcDateTimeConverter());
        AddIfMissing(o, new UtcDateTimeOffsetConverter());
        AddIfMissing(o, new NaturalObjectConverter());
        if (!o.Converters.Any(c => c.CanConvert(typeof(string))))
        {
            o.Converters.Add(new StrictStringConverter());
        }
        if (!o.Converters.Any(c => c is JsonStringEnumConverter))
        {
            o.Converters.Add(new JsonStringEnumConverter(namingPolicy: null, allowIntegerValues: false));
        }
        o.MakeReadOnly(populateMissingResolver: true);
        Options = o;
        _userConverters = userOptions?.Converters.ToArray() ?? [];
        _shapeOf = ShapeOf;
    }

    private readonly JsonConverter[] _userConverters;
    private readonly ConcurrentDictionary<Type, JsonShape> _shapes = new();
    // Made once: a method group passed to GetOrAdd would be a new delegate per decoded value.
    private readonly Func<Type, JsonShape> _shapeOf;
    private PlainJsonText? _plain;

    // Built on first use (it asks the finished options how they write a few values); a race builds it twice, harmlessly.
    private PlainJsonText Plain => _plain ??= PlainJsonText.For(Options);

    /// <summary>What the JSON text of a type starts with, when the mapper's own format decides it.</summary>
    private enum JsonShape
    {
        Any,
        String,
        Boolean,
        Number,
        NumberOrString,
    }

    /// <summary>The effective, read-only options.</summary>
    public JsonSerializerOptions Options { get; }

    /// <summary>The stored text of <paramref name="value"/>, or null when the field must be absent (null value).</summary>
    /// <exception cref="NotSupportedException">The value cannot be represented as JSON (the message names the type).</exception>
    public string? Encode(object? value, Type declaredType)
    {
        ArgumentNullException.ThrowIfNull(declaredType);
        if (value is null)
        {
            return null;
        }
        if (value is Modeling.ConcealedString or Modeling.RedactedString)
        {
            // Their JSON form is a placeholder for logs: storing it would replace a secret with "[CONCEALED]".
            throw new NotSupportedException($"A {value.GetType().Name} is never stored as plain JSON: encrypted fields are written by the repository (as an envelope), transient ones not at all.");
        }
        if (Plain.TryEncode(value, declaredType) is { } plain)
        {
            return plain;
        }
        return JsonSerializer.Serialize(value, declaredType, Options);
    }

    /// <summary>Whether <paramref name="raw"/> means null: absent, empty, or the literal <c>null</c>.</summary>
    public static bool IsNullText(string? raw) => string.IsNullOrEmpty(raw) || raw == "null";

    /// <inheritdoc />
    public bool IsValid(string? raw, Type type) => IsV2(raw, type);

    /// <summary>Whether <paramref name="raw"/> is a valid v2 value for <paramref name="type"/> (null text counts as valid).</summary>
    public bool IsV2(string? raw, Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (IsNullText(raw))
        {
            return true;
        }
        return TryDecodeStrict(raw!, type, out _, out _);
    }

    /// <summary>
    /// Decodes a stored value by its declared type. Null text gives null (or the default of a value type).
    /// </summary>
    /// <param name="raw">The stored text (null when the field is absent).</param>
    /// <param name="type">The declared CLR type.</param>
    /// <param name="key">The key, for messages.</param>
    /// <param name="field">The field, for messages.</param>
    /// <param name="mode">Strict or lenient (v1 values accepted and reported).</param>
    /// <param name="report">Receives lenient-mode reports; may be null.</param>
    /// <exception cref="FieldDecodeException">The value is not valid for the type (in lenient mode: neither v2 nor v1).</exception>
    public object? Decode(string? raw, Type type, string key, string field, ReadMode mode = ReadMode.Strict, Action<ReadIssue>? report = null)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (IsNullText(raw))
        {
            return type.IsValueType && Nullable.GetUnderlyingType(type) is null ? Activator.CreateInstance(type) : null;
        }
        if (TryDecodeStrict(raw!, type, out var value, out var error))
        {
            return value;
        }
        if (mode == ReadMode.Lenient && TryDecodeV1(raw!, type, out value))
        {
            report?.Invoke(new ReadIssue(key, field, type, ValuePreview.Of(raw), $"v1 value read as {TypeNames.Of(type)}"));
            return value;
        }
        throw new FieldDecodeException(key, field, type, raw, mode == ReadMode.Lenient
            ? "is neither valid JSON for that type (v2) nor a v1 value"
            : "is not valid JSON for that type (v2 format)", error);
    }

    /// <summary>
    /// Decodes the stored UTF-8 <paramref name="utf8"/> without making its text when the shortcut covers it (a plain
    /// string, whole number or boolean, exactly as <see cref="Decode"/> would read it); false: use <see cref="Decode"/>.
    /// </summary>
    internal bool TryDecodePlain(ReadOnlySpan<byte> utf8, Type type, out object? value) => Plain.TryDecode(utf8, type, out value);

    private bool TryDecodeStrict(string raw, Type type, out object? value, out Exception? error)
    {
        if (Plain.TryDecode(raw, type, out value))
        {
            error = null;
            return true;
        }
        if (!CouldBe(raw, _shapes.GetOrAdd(type, _shapeOf)))
        {
            // Plainly not JSON of the type's kind (v1 text, mostly): said without throwing, as throwing and catching
            // per value made v1 reads (the upgrade, lenient previews) several times slower.
            value = null;
            error = new JsonException($"'{ValuePreview.Of(raw)}' is not JSON of the kind {TypeNames.Of(type)} is written as");
            return false;
        }
        try
        {
            value = JsonSerializer.Deserialize(raw, type, Options);
            error = null;
            if (value is null && type.IsValueType && Nullable.GetUnderlyingType(type) is null)
            {
                value = Activator.CreateInstance(type);
            }
            return true;
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException or FormatException or OverflowException or ArgumentException)
        {
            value = null;
            error = ex;
            return false;
        }
    }

    /// <summary>
    /// v1 stored scalars as plain text: strings unquoted, booleans as true/false (or 1/0), dates unquoted or as
    /// epoch seconds. Only these shapes are accepted; anything else stays an error.
    /// </summary>
    private bool TryDecodeV1(string raw, Type type, out object? value)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        value = null;
        if (t == typeof(bool))
        {
            switch (raw.Trim().ToUpperInvariant())
            {
                case "TRUE" or "1":
                    value = true;
                    return true;
                case "FALSE" or "0":
                    value = false;
                    return true;
                default:
                    return false;
            }
        }
        if ((t == typeof(DateTime) || t == typeof(DateTimeOffset)) && long.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var epoch))
        {
            var instant = DateTimeOffset.FromUnixTimeSeconds(epoch);
            value = t == typeof(DateTime) ? (object)instant.UtcDateTime : instant;
            return true;
        }
        if (IsStringLike(t))
        {
            var quoted = JsonSerializer.Serialize(raw, Options);
            return TryDecodeStrict(quoted, type, out value, out _);
        }
        if (t == typeof(object) || t == typeof(JsonNode) || t == typeof(JsonValue))
        {
            // An untyped v1 value that is not JSON was a plain string.
            value = t == typeof(object) ? raw : JsonValue.Create(raw);
            return true;
        }
        return false;
    }

    private JsonShape ShapeOf(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (_userConverters.Any(c => c.CanConvert(t)) || t.IsDefined(typeof(JsonConverterAttribute), inherit: true))
        {
            return JsonShape.Any; // a format of the user's: no assumptions
        }
        if (t == typeof(bool))
        {
            return JsonShape.Boolean;
        }
        if (t == typeof(double) || t == typeof(float) || t == typeof(Half))
        {
            return JsonShape.NumberOrString; // "NaN", "Infinity" are written as strings
        }
        if (t == typeof(decimal) || (t.IsPrimitive && t != typeof(char) && t != typeof(IntPtr) && t != typeof(UIntPtr)))
        {
            return JsonShape.Number;
        }
        return IsStringLike(t) ? JsonShape.String : JsonShape.Any;
    }

    private static bool CouldBe(string raw, JsonShape shape)
    {
        if (shape == JsonShape.Any)
        {
            return true;
        }
        var text = raw.AsSpan().TrimStart(" \t\r\n");
        if (text.IsEmpty)
        {
            return false;
        }
        var first = text[0];
        return shape switch
        {
            JsonShape.String => first == '"',
            JsonShape.Boolean => first is 't' or 'f',
            JsonShape.Number => first == '-' || char.IsAsciiDigit(first),
            _ => first == '-' || first == '"' || char.IsAsciiDigit(first),
        };
    }

    private static bool IsStringLike(Type t) =>
        t == typeof(string) || t == typeof(char) || t == typeof(Guid) || t.IsEnum || t == typeof(DateTime)
        || t == typeof(DateTimeOffset) || t == typeof(TimeSpan) || t == typeof(DateOnly) || t == typeof(TimeOnly)
        || t == typeof(Uri);

    private static void AddIfMissing<TConverter>(JsonSerializerOptions options, TConverter converter)
        where TConverter : JsonConverter
    {
        var target = converter is JsonConverter<DateTime> ? typeof(DateTime)
            : converter is JsonConverter<DateTimeOffset> ? typeof(DateTimeOffset)
            : typeof(object);
        if (!options.Converters.Any(c => c.CanConvert(target)))
        {
            options.Converters.Add(converter);
        }
    }
}
