using System.Globalization;
using System.Text.Json;
using Horreum.JsonSchema.Keywords;

namespace Horreum.JsonSchema;

/// <summary>Scanning: records every schema location under each URI it can be reached by (base URIs, <c>$id</c> resources, anchors) and the dialect each document speaks.</summary>
internal sealed partial class SchemaCompiler
{
    private SchemaLocation ScanDocument(JsonElement document, string retrievalUri, JsonSchemaDraft defaultDraft, string reportPrefix, bool builtIn = false)
    {
        _scannedDocuments.Add(retrievalUri);
        // Strict mode judges the user's documents; the built-in meta-schemas are ours and known to be clean.
        _checkKeywords = _options.RejectUnknownKeywords && !builtIn;
        var dialect = SchemaDialect.For(defaultDraft);
        if (document.ValueKind == JsonValueKind.Object && document.TryGetProperty("$schema", out var schemaUri))
        {
            dialect = DialectOf(schemaUri, 0);
        }

        var resource = new SchemaResource(retrievalUri);
        _resources.TryAdd(retrievalUri, resource);
        return Scan(document, retrievalUri, resource, dialect, [(retrievalUri, string.Empty)], reportPrefix, string.Empty, 0, isResourceRoot: true);
    }

    private SchemaDialect DialectOf(JsonElement schemaUri, int depth)
    {
        if (schemaUri.ValueKind != JsonValueKind.String)
        {
            throw new JsonSchemaLoadException("\"$schema\" must be a string URI.");
        }

        var uri = UriResolver.StripEmptyFragment(schemaUri.GetString()!);
        switch (uri)
        {
            case MetaSchemas.Draft202012Uri:
                return SchemaDialect.Draft202012;
            case MetaSchemas.Draft7Uri or "https://json-schema.org/draft-07/schema":
                return SchemaDialect.Draft7;
        }

        if (depth > 8 || _options.Registry is null || !_options.Registry.TryGet(uri, out var meta))
        {
            throw new JsonSchemaLoadException(
                $"Unknown \"$schema\" '{uri}'. Supported dialects are {MetaSchemas.Draft202012Uri} and {MetaSchemas.Draft7Uri}#; "
                + "a custom meta-schema must be registered in JsonSchemaOptions.Registry (it is never downloaded).");
        }

        var baseDialect = meta.ValueKind == JsonValueKind.Object && meta.TryGetProperty("$schema", out var inner) && inner.ValueKind == JsonValueKind.String
            && UriResolver.StripEmptyFragment(inner.GetString()!) != uri
            ? DialectOf(inner, depth + 1)
            : SchemaDialect.Draft202012;
        if (meta.ValueKind != JsonValueKind.Object || !meta.TryGetProperty("$vocabulary", out var vocabulary) || vocabulary.ValueKind != JsonValueKind.Object)
        {
            return baseDialect;
        }

        bool applicator = false, validation = false, unevaluated = false, format = false;
        foreach (var v in vocabulary.EnumerateObject())
        {
            switch (v.Name)
            {
                case Vocab + "core" or Vocab + "meta-data" or Vocab + "content":
                    break;
                case Vocab + "applicator":
                    applicator = true;
                    break;
                case Vocab + "validation":
                    validation = true;
                    break;
                case Vocab + "unevaluated":
                    unevaluated = true;
                    break;
                case Vocab + "format-annotation" or Vocab + "format-assertion":
                    format = true;
                    break;
                default:
                    if (v.Value.ValueKind == JsonValueKind.True)
                    {
                        throw new JsonSchemaLoadException(
                            $"Meta-schema '{uri}' requires vocabulary '{v.Name}', which this validator does not implement. "
                            + "Mark it optional (false) in $vocabulary or remove it.");
                    }

                    break;
            }
        }

        return new SchemaDialect(baseDialect.Draft, applicator, validation, unevaluated, format);
    }

    private SchemaLocation Scan(
        JsonElement element,
        string baseUri,
        SchemaResource resource,
        SchemaDialect dialect,
        (string Uri, string Pointer)[] owners,
        string reportPrefix,
        string documentPointer,
        int depth,
        bool isResourceRoot)
    {
        if (depth > _options.MaxDepth)
        {
            throw new JsonSchemaLoadException(
                $"Schema nesting at '{reportPrefix + documentPointer}' exceeds MaxDepth ({_options.MaxDepth}); flatten the schema with $defs and $ref or raise JsonSchemaOptions.MaxDepth.");
        }

        var isObject = element.ValueKind == JsonValueKind.Object;
        if (isObject)
        {
            var draft7 = dialect.Draft == JsonSchemaDraft.Draft7;
            var ignoreId = draft7 && element.TryGetProperty("$ref", out _);
            if (!ignoreId && element.TryGetProperty("$id", out var idElement) && idElement.ValueKind == JsonValueKind.String)
            {
                var id = idElement.GetString()!;
                if (!(draft7 && id.StartsWith('#')))
                {
                    var (absolute, _) = UriResolver.SplitFragment(UriResolver.Resolve(baseUri, id));
                    if (absolute != resource.Uri || !isResourceRoot)
                    {
                        if (element.TryGetProperty("$schema", out var innerSchema) && depth > 0)
                        {
                            dialect = DialectOf(innerSchema, 0);
                            draft7 = dialect.Draft == JsonSchemaDraft.Draft7;
                        }

                        baseUri = absolute;
                        resource = new SchemaResource(absolute);
                        _resources.TryAdd(absolute, resource);
                        owners = [.. owners, (absolute, string.Empty)];
                        isResourceRoot = true;
                    }
                }
            }
        }
        else if (element.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            // Not a schema; compilation reports it if it is ever used as one.
            return new SchemaLocation(element, baseUri, resource, dialect, reportPrefix + documentPointer, owners[^1].Uri + "#" + owners[^1].Pointer);
        }

        var (keyUri, keyPointer) = owners[^1];
        var location = new SchemaLocation(element, baseUri, resource, dialect, reportPrefix + documentPointer, keyUri + "#" + keyPointer);
        foreach (var (uri, pointer) in owners)
        {
            _locations.TryAdd(uri + "#" + pointer, location);
        }

        if (isResourceRoot)
        {
            resource.Root ??= location;
        }

        if (!isObject)
        {
            return location;
        }

        if (dialect.Draft == JsonSchemaDraft.Draft7)
        {
            if (!element.TryGetProperty("$ref", out _) && element.TryGetProperty("$id", out var id7) && id7.ValueKind == JsonValueKind.String
                && id7.GetString() is { Length: > 1 } anchor7 && anchor7[0] == '#')
            {
                resource.Anchors.TryAdd(anchor7[1..], location);
            }
        }
        else
        {
            if (element.TryGetProperty("$anchor", out var a) && a.ValueKind == JsonValueKind.String)
            {
                resource.Anchors.TryAdd(a.GetString()!, location);
            }

            if (element.TryGetProperty("$dynamicAnchor", out var da) && da.ValueKind == JsonValueKind.String)
            {
                resource.Anchors.TryAdd(da.GetString()!, location);
                resource.DynamicAnchors.TryAdd(da.GetString()!, location);
            }
        }

        foreach (var property in element.EnumerateObject())
        {
            if (_checkKeywords && !KnownKeywords.IsKnown(property.Name, dialect.Draft))
            {
                (_unknownKeywords ??= []).Add((property.Name, reportPrefix + documentPointer, dialect.Draft));
            }

            var kind = SubschemaShape(property.Name, property.Value, dialect.Draft);
            if (kind == Shape.None)
            {
                continue;
            }

            var segment = JsonPointerText.Escape(property.Name);
            var childOwners = Extend(owners, segment);
            var childPointer = documentPointer + "/" + segment;
            switch (kind)
            {
                case Shape.Single:
                    Scan(property.Value, baseUri, resource, dialect, childOwners, reportPrefix, childPointer, depth + 1, false);
                    break;
                case Shape.Array:
                    var i = 0;
                    foreach (var item in property.Value.EnumerateArray())
                    {
                        var index = i.ToString(CultureInfo.InvariantCulture);
                        Scan(item, baseUri, resource, dialect, Extend(childOwners, index), reportPrefix, childPointer + "/" + index, depth + 1, false);
                        i++;
                    }

                    break;
                case Shape.Map:
                    foreach (var member in property.Value.EnumerateObject())
                    {
                        if (member.Value.ValueKind is JsonValueKind.Object or JsonValueKind.True or JsonValueKind.False)
                        {
                            var name = JsonPointerText.Escape(member.Name);
                            Scan(member.Value, baseUri, resource, dialect, Extend(childOwners, name), reportPrefix, childPointer + "/" + name, depth + 1, false);
                        }
                    }

                    break;
            }
        }

        return location;
    }

    private static (string Uri, string Pointer)[] Extend((string Uri, string Pointer)[] owners, string segment)
    {
        var result = new (string, string)[owners.Length];
        for (var i = 0; i < owners.Length; i++)
        {
            result[i] = (owners[i].Uri, owners[i].Pointer + "/" + segment);
        }

        return result;
    }

    private enum Shape
    {
        None,
        Single,
        Array,
        Map,
    }

    private static Shape SubschemaShape(string keyword, JsonElement value, JsonSchemaDraft draft)
    {
        var kind = value.ValueKind;
        var isSchema = kind is JsonValueKind.Object or JsonValueKind.True or JsonValueKind.False;
        if (SingleSchemaKeywords.Contains(keyword))
        {
            return isSchema ? Shape.Single : Shape.None;
        }

        if (ArraySchemaKeywords.Contains(keyword))
        {
            return kind == JsonValueKind.Array ? Shape.Array : Shape.None;
        }

        switch (keyword)
        {
            case "properties" or "patternProperties" or "definitions":
                return kind == JsonValueKind.Object ? Shape.Map : Shape.None;
            case "items":
                return isSchema ? Shape.Single : kind == JsonValueKind.Array && draft == JsonSchemaDraft.Draft7 ? Shape.Array : Shape.None;
        }

        if (draft == JsonSchemaDraft.Draft7)
        {
            return keyword switch
            {
                "additionalItems" when isSchema => Shape.Single,
                "dependencies" when kind == JsonValueKind.Object => Shape.Map,
                _ => Shape.None,
            };
        }

        return keyword switch
        {
            "prefixItems" when kind == JsonValueKind.Array => Shape.Array,
            "unevaluatedItems" or "unevaluatedProperties" or "contentSchema" when isSchema => Shape.Single,
            "$defs" or "dependentSchemas" when kind == JsonValueKind.Object => Shape.Map,
            _ => Shape.None,
        };
    }
}
