using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Horreum.Migrations.Reporting;

/// <summary>
/// How the report documents are written as JSON, by the CLI's <c>--json</c> and by the HTTP endpoints alike:
/// snake_case names and enum values, nulls written out (a field is always present), UTC times with <c>Z</c>.
/// </summary>
internal static class ReportJson
{
    /// <summary>The serializer settings (read-only).</summary>
    public static JsonSerializerOptions Options { get; } = Create(indented: false);

    /// <summary>The same settings, indented for people (the CLI's output).</summary>
    public static JsonSerializerOptions Indented { get; } = Create(indented: true);

    private static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            WriteIndented = indented,
            // Keys, ids and descriptions print as written (≥, →, quotes) instead of \u escapes; HTTP responses are
            // application/json, never HTML, so the relaxed encoder is safe there too.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
