using System.Buffers;
using System.Text;
using System.Text.Json;
using Horreum.JsonSchema;

namespace Horreum.Orm.Schema;

/// <summary>
/// The JSON form of a record, which is what a model's JSON Schema describes: one object whose members are the hash
/// fields (storage names) and whose values are the fields' JSON text, as the mapper stores them. Absent fields,
/// empty text and a literal <c>null</c> are left out, because reading treats all three as null.
/// </summary>
public static class ModelJsonForm
{
    // Deep enough for any value the mapper writes; Utf8JsonReader's default (64) would reject legitimate nesting.
    private const int MaxDepth = 256;
    private const int PreviewLength = 40;
    private static readonly JsonDocumentOptions s_documentOptions = new() { MaxDepth = MaxDepth };
    private static readonly JsonReaderOptions s_readerOptions = new() { MaxDepth = MaxDepth };
    private static readonly JsonWriterOptions s_writerOptions = new() { MaxDepth = MaxDepth };

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <summary>Builds the JSON form as a document (the caller disposes it).</summary>
    /// <param name="values">Storage name → JSON text, e.g. from <see cref="ModelRepository{T}.Encode"/> or a stored hash.</param>
    /// <returns>The JSON object.</returns>
    /// <exception cref="JsonException">A value is not one JSON value; the message names the field.</exception>
    public static JsonDocument Parse(IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var buffer = new ArrayBufferWriter<byte>();
        var bad = Write(buffer, values);
        if (bad is not null)
        {
            throw new JsonException($"Field '{bad[0].Name}' does not hold one JSON value: {Preview(bad[0].Text)}");
        }
        // The document keeps the buffer's memory for its lifetime; this buffer is not pooled, so that is safe.
        return JsonDocument.Parse(buffer.WrittenMemory, s_documentOptions);
    }

    /// <summary>
    /// Validates the JSON form of <paramref name="values"/>. A value that is not JSON text (v1 data, say) is reported as
    /// a violation at its pointer instead of throwing, and is left out of what the schema sees.
    /// </summary>
    /// <param name="validator">The model's validator.</param>
    /// <param name="values">Storage name → JSON text.</param>
    /// <returns>Every violation; <see cref="JsonSchemaResult.Valid"/> when none.</returns>
    public static JsonSchemaResult Validate(IJsonSchemaValidator validator, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(validator);
        ArgumentNullException.ThrowIfNull(values);
        using var buffer = new PooledBufferWriter();
        // Values the mapper encoded are JSON by construction, so the first attempt validates each value only
        // once (inside WriteRawValue); only a record with a bad value pays for the second, checking pass.
        List<(string Name, string Text)>? bad = null;
        if (!TryWriteFast(buffer, values))
        {
            buffer.Clear();
            bad = Write(buffer, values);
        }
        JsonSchemaResult result;
        using (var document = JsonDocument.Parse(buffer.WrittenMemory, s_documentOptions))
        {
            result = validator.Validate(document.RootElement);
        }
        if (bad is null)
        {
            return result;
        }
        var violations = new List<JsonSchemaViolation>(bad.Count + result.Violations.Count);
        foreach (var (name, text) in bad)
        {
            violations.Add(new JsonSchemaViolation(
                JsonSchemaViolation.MemberPointer(string.Empty, name),
                string.Empty,
                $"The stored value is not JSON text (v1 data? run the v1→v2 migration): {Preview(text)}"));
        }
        violations.AddRange(result.Violations);
        return new JsonSchemaResult(false, violations);
    }

    private static bool TryWriteFast(PooledBufferWriter buffer, IReadOnlyDictionary<string, string> values)
    {
        var writer = Rent(buffer);
        try
        {
            writer.WriteStartObject();
            foreach (var (name, text) in values)
            {
                if (IsAbsent(text))
                {
                    continue;
                }
                writer.WritePropertyName(name);
                // Validated: a value such as `1, "admin": true` must not smuggle members into the object.
                writer.WriteRawValue(text);
            }
            writer.WriteEndObject();
            writer.Flush();
            return true;
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException)
        {
            // The writer is mid-member and unusable; the caller starts over on the checking path.
            writer.Reset(buffer);
            return false;
        }
    }

    private static List<(string Name, string Text)>? Write(IBufferWriter<byte> output, IReadOnlyDictionary<string, string> values)
    {
        List<(string Name, string Text)>? bad = null;
        using var writer = new Utf8JsonWriter(output, s_writerOptions);
        writer.WriteStartObject();
        foreach (var (name, text) in values)
        {
            if (IsAbsent(text))
            {
                continue;
            }
            if (!IsOneJsonValue(text))
            {
                (bad ??= []).Add((name, text));
                continue;
            }
            writer.WritePropertyName(name);
            writer.WriteRawValue(text, skipInputValidation: true);
        }
        writer.WriteEndObject();
        writer.Flush();
        return bad;
    }

    private static bool IsAbsent(string? text) => string.IsNullOrEmpty(text) || text == "null";

    private static bool IsOneJsonValue(string text)
    {
        byte[] utf8;
        try
        {
            utf8 = new UTF8Encoding(false, throwOnInvalidBytes: true).GetBytes(text);
        }
        catch (ArgumentException)
        {
            return false; // lone surrogates cannot become UTF-8 JSON
        }
        var reader = new Utf8JsonReader(utf8, s_readerOptions);
        try
        {
            // Skip() consumes one whole value; anything after it makes Read() throw or return true.
            if (!reader.Read())
            {
                return false;
            }
            reader.Skip();
            return !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static Utf8JsonWriter Rent(IBufferWriter<byte> output)
    {
        var writer = t_writer;
        if (writer is null)
        {
            writer = new Utf8JsonWriter(output, s_writerOptions);
            t_writer = writer;
        }
        else
        {
            writer.Reset(output);
        }
        return writer;
    }

    private static string Preview(string text) =>
        text.Length <= PreviewLength ? $"'{text}'" : $"'{text[..PreviewLength]}…' ({text.Length} characters)";
}
