namespace Horreum.JsonSchema;

/// <summary>
/// Settings used when compiling a schema. A record, so a variant is one <c>with</c> expression away
/// (<c>options with { RejectUnknownKeywords = true }</c>).
/// </summary>
public sealed record JsonSchemaOptions
{
    /// <summary>Shared defaults: format assertion on, draft 2020-12, empty registry.</summary>
    public static JsonSchemaOptions Default { get; } = new();

    /// <summary>
    /// When true (the default) <c>format</c> is an assertion for the supported formats
    /// (date-time, date, time, duration, email, hostname, ipv4, ipv6, uri, uri-reference, uuid, json-pointer, regex);
    /// when false it is only an annotation. Unknown formats are always ignored.
    /// </summary>
    public bool FormatAssertion { get; init; } = true;

    /// <summary>Dialect used when the root schema has no <c>$schema</c> keyword.</summary>
    public JsonSchemaDraft DefaultDraft { get; init; } = JsonSchemaDraft.Draft202012;

    /// <summary>Schemas that <c>$ref</c> and <c>$schema</c> may name by URI. Nothing is ever fetched over the network.</summary>
    public JsonSchemaRegistry? Registry { get; init; }

    /// <summary>
    /// Maximum nesting of schema evaluations (and of schema documents while compiling). Exceeding it yields a
    /// violation (or a load error) instead of a stack overflow. Default 512.
    /// </summary>
    public int MaxDepth { get; init; } = 512;

    /// <summary>
    /// Strict mode. When true, a keyword that the schema's draft does not define (a typo such as <c>requird</c>, or a
    /// keyword of the other draft) is a load error that names every such keyword and the JSON Pointer of the schema
    /// object holding it. When false (the default, as the specification requires) unknown keywords are annotations and
    /// validate nothing. Names under <c>properties</c>, <c>patternProperties</c>, <c>$defs</c> and values of
    /// <c>enum</c>, <c>const</c>, <c>default</c> and <c>examples</c> are data, never keywords.
    /// </summary>
    public bool RejectUnknownKeywords { get; init; }
}
