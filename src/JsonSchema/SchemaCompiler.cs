using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Horreum.JsonSchema.Keywords;

namespace Horreum.JsonSchema;

/// <summary>
/// Turns schema JSON into <see cref="SchemaNode"/> graphs. Two phases: a scan records every schema location under
/// each URI it can be reached by (base URIs, $id resources, anchors), then compilation builds nodes and resolves
/// references through a work queue rather than recursion, so reference chains cannot exhaust the stack. Split by aspect:
/// scanning, nodes, the validation and applicator vocabularies, references; this file holds the entry point and the
/// keyword value helpers.
/// </summary>
internal sealed partial class SchemaCompiler
{
    internal const string DefaultBaseUri = "urn:horreum:schema:root";
    private const string Vocab = "https://json-schema.org/draft/2020-12/vocab/";

    private static readonly string[] SingleSchemaKeywords = ["additionalProperties", "propertyNames", "if", "then", "else", "not", "contains"];
    private static readonly string[] ArraySchemaKeywords = ["allOf", "anyOf", "oneOf"];

    private readonly JsonSchemaOptions _options;
    private readonly Dictionary<string, SchemaResource> _resources = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SchemaLocation> _locations = new(StringComparer.Ordinal);
    private readonly Dictionary<SchemaLocation, SchemaNode> _nodes = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<string> _scannedDocuments = new(StringComparer.Ordinal);
    private readonly Queue<(Keyword Keyword, SchemaLocation From)> _pending = new();
    private bool _usesDynamicRef;
    private bool _checkKeywords;
    private List<(string Keyword, string Location, JsonSchemaDraft Draft)>? _unknownKeywords;

    private SchemaCompiler(JsonSchemaOptions options) => _options = options;

    internal static (SchemaNode Root, bool UsesDynamicRef) Compile(JsonElement schema, JsonSchemaOptions options)
    {
        var compiler = new SchemaCompiler(options);
        var root = compiler.ScanDocument(schema, DefaultBaseUri, options.DefaultDraft, string.Empty);
        compiler.ThrowIfUnknownKeywords();
        var node = compiler.CompileNode(root);
        compiler.Drain();
        compiler.ThrowIfUnknownKeywords(); // registered documents that $ref reached are scanned while draining
        CheckInPlaceCycles(compiler._nodes.Values);
        return (node, compiler._usesDynamicRef);
    }

    private void ThrowIfUnknownKeywords()
    {
        if (_unknownKeywords is not { Count: > 0 } unknown)
        {
            return;
        }

        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"Strict mode: {unknown.Count} unknown keyword(s) in the schema: ");
        for (var i = 0; i < unknown.Count; i++)
        {
            var (keyword, location, draft) = unknown[i];
            sb.Append(i == 0 ? string.Empty : "; ")
                .Append(CultureInfo.InvariantCulture, $"'{keyword}' at '{(location.Length == 0 ? "#" : location)}'");
            if (KnownKeywords.Suggest(keyword, draft) is { } suggestion)
            {
                sb.Append(CultureInfo.InvariantCulture, $" (did you mean '{suggestion}'?)");
            }
        }

        sb.Append(". None is a keyword of its schema's draft, so each would validate nothing. Fix the spelling, or set ")
            .Append("JsonSchemaOptions.RejectUnknownKeywords = false (ModelSchemaRegistry.RejectUnknownKeywords for model schemas) ")
            .Append("to keep them as annotations.");
        throw new JsonSchemaLoadException(sb.ToString());
    }

    private static JsonSchemaLoadException Malformed(string pointer, string problem) =>
        new($"Invalid schema at '{(pointer.Length == 0 ? "#" : pointer)}': {problem}. Fix the schema; it must satisfy its meta-schema.");

    private static string RequireString(JsonElement value, string pointer) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : throw Malformed(pointer, "expected a string");

    private static JsonElement RequireObject(JsonElement value, string pointer) =>
        value.ValueKind == JsonValueKind.Object ? value : throw Malformed(pointer, "expected an object");

    private static string[] StringArray(JsonElement value, string pointer)
    {
        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String))
        {
            throw Malformed(pointer, "expected an array of strings");
        }

        return [.. value.EnumerateArray().Select(v => v.GetString()!)];
    }

    private static long NonNegative(JsonElement value, string pointer)
    {
        if (value.ValueKind != JsonValueKind.Number || !JsonNumber.IsInteger(value) || JsonNumber.Compare(JsonNumber.Raw(value), "0"u8) < 0)
        {
            throw Malformed(pointer, "expected a non-negative integer");
        }

        if (value.TryGetInt64(out var l))
        {
            return l;
        }

        return value.TryGetDecimal(out var d) && d <= long.MaxValue ? (long)d : long.MaxValue;
    }

    private static Regex CompileRegex(string pattern, string pointer)
    {
        try
        {
            return EcmaRegex.Get(pattern);
        }
        catch (ArgumentException ex)
        {
            throw new JsonSchemaLoadException($"Invalid schema at '{pointer}': '{pattern}' is not a valid regular expression ({ex.Message}).", ex);
        }
    }
}
