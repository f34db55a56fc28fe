using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Horreum.Orm.Modeling;

namespace Horreum.Orm.Serialization;

/// <summary>
/// The <see cref="StorageProfile.Familia"/> codec: value text exactly as Familia 2.12 writes it
/// (<c>Oj.dump(value, mode: :strict)</c>) and read back as Familia reads it (<c>Oj.load</c>). See
/// docs/familia-interop.md for every rule and the remaining differences. Thread-safe.
/// </summary>
public sealed class FamiliaSerializer : IValueCodec
{
    /// <summary>The codec with default options.</summary>
    public static FamiliaSerializer Default { get; } = new();

    /// <summary>Creates the codec; user converters come first and win over the profile's own.</summary>
    public FamiliaSerializer(JsonSerializerOptions? userOptions = null)
    {
        var o = userOptions is null ? new JsonSerializerOptions() : new JsonSerializerOptions(userOptions);
        // The text is re-emitted by FamiliaJsonText, so this encoder only has to keep every character.
        o.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        o.PropertyNamingPolicy ??= new ProfileNamingPolicy(StorageProfile.Familia);
        if (o.DefaultIgnoreCondition == JsonIgnoreCondition.Never)
        {
            o.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        }
        o.NumberHandling = JsonNumberHandling.Strict;
        o.AllowOutOfOrderMetadataProperties = true;
        o.Converters.Add(new FamiliaDoubleConverter());
        o.Converters.Add(new FamiliaSingleConverter());
        o.Converters.Add(new FamiliaDecimalConverter());
        o.Converters.Add(new BigIntegerConverter());
        o.Converters.Add(new FamiliaEpochDateTimeOffsetConverter());
        o.Converters.Add(new FamiliaEpochDateTimeConverter());
        o.Converters.Add(new FamiliaObjectConverter());
        o.Converters.Add(new NonStringKeyDictionaryRefusal());
        o.Converters.Add(new JsonStringEnumConverter(namingPolicy: null, allowIntegerValues: false));
        o.MakeReadOnly(populateMissingResolver: true);
        Options = o;
    }

    /// <summary>The effective, read-only options (for nested values; the text is then re-emitted in Oj's form).</summary>
    public JsonSerializerOptions Options { get; }

    /// <inheritdoc />
    public string? Encode(object? value, Type declaredType)
    {
        ArgumentNullException.ThrowIfNull(declaredType);
        switch (value)
        {
            case null:
                return null;
            case string s:
                var sb = new StringBuilder(s.Length + 2);
                FamiliaJsonText.AppendString(sb, s);
                return sb.ToString();
            default:
                var element = JsonSerializer.SerializeToElement(value, declaredType == typeof(object) ? value.GetType() : declaredType, Options);
                return FamiliaJsonText.Write(element);
        }
    }

    /// <summary>
    /// Familia's nil: an absent field, an empty or all-whitespace value, or the JSON <c>null</c>
    /// (<c>Oj.load</c> of blank text gives nil).
    /// </summary>
    public static bool IsNullText(string? raw) => string.IsNullOrWhiteSpace(raw) || raw.Trim() == "null";

    /// <inheritdoc />
    public bool IsValid(string? raw, Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return IsNullText(raw) || TryDecode(raw!, type, out _, out _);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Text that is not JSON (legacy data Familia did not write) fails in strict mode. In lenient mode, a field of
    /// type string or object gets the raw text, as Familia itself returns it, and the read is reported.
    /// </remarks>
    public object? Decode(string? raw, Type type, string key, string field, ReadMode mode = ReadMode.Strict, Action<ReadIssue>? report = null)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (IsNullText(raw))
        {
            return type.IsValueType && Nullable.GetUnderlyingType(type) is null ? Activator.CreateInstance(type) : null;
        }
        if (TryDecode(raw!, type, out var value, out var error))
        {
            return value;
        }
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (mode == ReadMode.Lenient && (t == typeof(string) || t == typeof(object)) && !LooksLikeJson(raw!))
        {
            report?.Invoke(new ReadIssue(key, field, type, ValuePreview.Of(raw), "not JSON: read as raw text, as Familia does"));
            return raw;
        }
        throw new FieldDecodeException(key, field, type, raw, "is not valid Familia (Oj strict JSON) text for that type", error);
    }

    /// <summary>
    /// A member of a collection whose members are identifiers of another model: Familia stores an object raw
    /// (<c>list.push(obj)</c> gives <c>w1</c>) and a string as JSON (<c>"w2"</c>); both read as the identifier text.
    /// </summary>
    internal static string DecodeReference(string raw)
    {
        if (raw.Length >= 2 && raw[0] == '"')
        {
            try
            {
                return JsonSerializer.Deserialize<string>(raw) ?? raw;
            }
            catch (JsonException)
            {
                return raw;
            }
        }
        return raw;
    }

    private bool TryDecode(string raw, Type type, out object? value, out Exception? error)
    {
        try
        {
            value = JsonSerializer.Deserialize(raw, type, Options);
            if (value is null && type.IsValueType && Nullable.GetUnderlyingType(type) is null)
            {
                value = Activator.CreateInstance(type);
            }
            error = null;
            return true;
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException or FormatException or OverflowException or ArgumentException)
        {
            value = null;
            error = ex;
            return false;
        }
    }

    private static bool LooksLikeJson(string raw)
    {
        var t = raw.TrimStart();
        return t.Length > 0 && (t[0] is '{' or '[' or '"');
    }
}
