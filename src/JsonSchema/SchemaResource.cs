namespace Horreum.JsonSchema;

/// <summary>A schema resource (a document root or a subschema with its own <c>$id</c>) and its anchors.</summary>
internal sealed class SchemaResource(string uri)
{
    public string Uri { get; } = uri;

    /// <summary>Plain and dynamic anchors by name, as <c>$ref</c> targets.</summary>
    public Dictionary<string, SchemaLocation> Anchors { get; } = new(StringComparer.Ordinal);

    /// <summary>Names declared with <c>$dynamicAnchor</c>.</summary>
    public Dictionary<string, SchemaLocation> DynamicAnchors { get; } = new(StringComparer.Ordinal);

    /// <summary>Compiled dynamic-anchor targets, filled at load time so validation only reads.</summary>
    public Dictionary<string, SchemaNode> DynamicNodes { get; } = new(StringComparer.Ordinal);

    public SchemaLocation? Root { get; set; }
}
