using Horreum.JsonSchema.Keywords;

namespace Horreum.JsonSchema;

/// <summary>References: the work queue that resolves <c>$ref</c>/<c>$dynamicRef</c>, loads registered documents, and rejects in-place cycles.</summary>
internal sealed partial class SchemaCompiler
{
    private void Drain()
    {
        while (true)
        {
            while (_pending.TryDequeue(out var item))
            {
                switch (item.Keyword)
                {
                    case RefKeyword r:
                        r.Target = CompileNode(Resolve(r.Reference, item.From, r.SchemaPointer, out _));
                        break;
                    case DynamicRefKeyword d:
                        var target = Resolve(d.Reference, item.From, d.SchemaPointer, out var anchor);
                        d.Target = CompileNode(target);
                        if (anchor is not null && target.Resource.DynamicAnchors.TryGetValue(anchor, out var bookend) && ReferenceEquals(bookend, target))
                        {
                            d.DynamicName = anchor;
                            _usesDynamicRef = true;
                        }

                        break;
                }
            }

            if (!_usesDynamicRef || !CompileDynamicAnchors())
            {
                return;
            }
        }
    }

    /// <summary>Compiles every $dynamicAnchor of every resource in play, so validation never compiles; true when anything was added.</summary>
    private bool CompileDynamicAnchors()
    {
        var added = false;
        var resources = _nodes.Keys.Select(l => l.Resource).Distinct().ToList();
        foreach (var resource in resources)
        {
            foreach (var (name, location) in resource.DynamicAnchors)
            {
                if (!resource.DynamicNodes.ContainsKey(name))
                {
                    resource.DynamicNodes[name] = CompileNode(location);
                    added = true;
                }
            }
        }

        return added;
    }

    private SchemaLocation Resolve(string reference, SchemaLocation from, string pointer, out string? anchor)
    {
        anchor = null;
        var absolute = UriResolver.Resolve(from.BaseUri, reference);
        var (resourceUri, fragment) = UriResolver.SplitFragment(absolute);
        if (!_resources.TryGetValue(resourceUri, out var resource))
        {
            LoadExternal(resourceUri, from.Dialect.Draft);
            if (!_resources.TryGetValue(resourceUri, out resource))
            {
                throw new JsonSchemaLoadException(
                    $"Cannot resolve \"$ref\" '{reference}' at '{pointer}' (resolved to '{absolute}'): no schema with URI '{resourceUri}' "
                    + "is embedded in this schema or registered. Register that document with JsonSchemaOptions.Registry; "
                    + "remote references are never fetched.");
            }
        }

        var decoded = JsonPointerText.FromFragment(fragment ?? string.Empty);
        if (decoded.Length == 0 || decoded[0] == '/')
        {
            if (_locations.TryGetValue(resourceUri + "#" + decoded, out var found))
            {
                return found;
            }

            var root = resource.Root;
            if (root is not null && JsonPointerText.TryWalk(root.Element, decoded, out var target))
            {
                // A pointer into a place the scan did not treat as a schema (e.g. an unknown keyword): scan it now.
                return Scan(target, root.BaseUri, resource, root.Dialect, [(resourceUri, decoded)], root.ReportPointer, decoded, 0, false);
            }

            throw new JsonSchemaLoadException(
                $"Cannot resolve \"$ref\" '{reference}' at '{pointer}': JSON Pointer '{decoded}' does not exist in '{resourceUri}'.");
        }

        if (resource.Anchors.TryGetValue(decoded, out var anchored))
        {
            anchor = decoded;
            return anchored;
        }

        throw new JsonSchemaLoadException(
            $"Cannot resolve \"$ref\" '{reference}' at '{pointer}': no anchor '{decoded}' is declared in '{resourceUri}'.");
    }

    private void LoadExternal(string uri, JsonSchemaDraft referrerDraft)
    {
        var registry = _options.Registry;
        if (registry is not null && !_scannedDocuments.Contains(uri) && registry.TryGet(uri, out var document))
        {
            ScanDocument(document, uri, referrerDraft, uri + "#");
            return;
        }

        if (!_scannedDocuments.Contains(uri) && MetaSchemas.TryGet(uri, out var meta))
        {
            ScanDocument(meta, uri, JsonSchemaDraft.Draft202012, uri + "#", builtIn: true);
            return;
        }

        // The URI may be an $id embedded in some registered document.
        if (registry is not null)
        {
            foreach (var (key, doc) in registry.Documents)
            {
                if (_resources.ContainsKey(uri))
                {
                    return;
                }

                if (_scannedDocuments.Add(key))
                {
                    ScanDocument(doc, key, referrerDraft, key + "#");
                }
            }
        }
    }

    /// <summary>
    /// Rejects cycles of subschemas applied to the same instance location ($ref, allOf, anyOf, oneOf, not, if/then/else,
    /// dependentSchemas): such a schema recurses forever on any instance that reaches it. Iterative, so it cannot overflow.
    /// </summary>
    private static void CheckInPlaceCycles(IEnumerable<SchemaNode> nodes)
    {
        var state = new Dictionary<SchemaNode, int>(ReferenceEqualityComparer.Instance);
        foreach (var start in nodes.ToList())
        {
            if (state.ContainsKey(start))
            {
                continue;
            }

            var stack = new Stack<(SchemaNode Node, IEnumerator<SchemaNode> Children)>();
            state[start] = 1;
            stack.Push((start, start.Keywords.SelectMany(k => k.InPlaceSubschemas).GetEnumerator()));
            while (stack.Count > 0)
            {
                var (node, children) = stack.Peek();
                if (!children.MoveNext())
                {
                    state[node] = 2;
                    stack.Pop();
                    continue;
                }

                var child = children.Current;
                state.TryGetValue(child, out var s);
                if (s == 1)
                {
                    var path = stack.Reverse().Select(f => f.Node.Pointer.Length == 0 ? "#" : f.Node.Pointer).SkipWhile(p => p != (child.Pointer.Length == 0 ? "#" : child.Pointer));
                    throw new JsonSchemaLoadException(
                        $"Schema reference cycle that never consumes any of the instance: {string.Join(" -> ", path)} -> {(child.Pointer.Length == 0 ? "#" : child.Pointer)}. "
                        + "Validation would recurse forever; route the recursion through properties/items or remove it.");
                }

                if (s == 0)
                {
                    state[child] = 1;
                    stack.Push((child, child.Keywords.SelectMany(k => k.InPlaceSubschemas).GetEnumerator()));
                }
            }
        }
    }
}
