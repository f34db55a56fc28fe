using System.Text.Json;

namespace Horreum.JsonSchema;

/// <summary>
/// Schema documents known by URI, so that <c>$ref</c> (and a custom <c>$schema</c>) can reach them without any network access.
/// Register everything before compiling; a registry is not meant to be changed while schemas are being compiled from it.
/// </summary>
public sealed class JsonSchemaRegistry
{
    private readonly Dictionary<string, JsonElement> _documents = new(StringComparer.Ordinal);

    /// <summary>Number of registered documents.</summary>
    public int Count => _documents.Count;

    /// <summary>Registers a schema document under <paramref name="uri"/> (its retrieval URI; an inner <c>$id</c> still applies).</summary>
    /// <param name="uri">Absolute URI, for example <c>https://example.com/person.json</c>.</param>
    /// <param name="schema">The schema; it is cloned, so the caller may dispose its document.</param>
    public void Register(string uri, JsonElement schema)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(uri);
        var key = UriResolver.StripEmptyFragment(uri);
        if (!UriResolver.IsAbsolute(key))
        {
            throw new ArgumentException($"Schema URI '{uri}' must be absolute (with a scheme).", nameof(uri));
        }

        _documents[key] = schema.Clone();
    }

    /// <summary>Parses <paramref name="json"/> and registers it under <paramref name="uri"/>.</summary>
    /// <param name="uri">Absolute URI.</param>
    /// <param name="json">Schema text.</param>
    /// <exception cref="JsonSchemaLoadException">The text is not valid JSON.</exception>
    public void Register(string uri, string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var doc = JsonSchemaValidator.ParseDocument(json);
        Register(uri, doc.RootElement);
    }

    internal bool TryGet(string uri, out JsonElement schema) => _documents.TryGetValue(uri, out schema);

    internal IEnumerable<KeyValuePair<string, JsonElement>> Documents => _documents;
}
