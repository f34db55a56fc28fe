using System.Text.Json;

namespace Horreum.JsonSchema;

/// <summary>A schema found while scanning: the JSON, the base URI and dialect in force there, and where to report it.</summary>
internal sealed class SchemaLocation(JsonElement element, string baseUri, SchemaResource resource, SchemaDialect dialect, string reportPointer, string key)
{
    public JsonElement Element { get; } = element;

    public string BaseUri { get; } = baseUri;

    public SchemaResource Resource { get; } = resource;

    public SchemaDialect Dialect { get; } = dialect;

    /// <summary>Keyword locations below this schema are reported relative to this pointer.</summary>
    public string ReportPointer { get; } = reportPointer;

    /// <summary>Canonical "resource-uri#pointer" under the innermost resource; children are found by appending to it.</summary>
    public string Key { get; } = key;
}
