using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Horreum.JsonSchema.Keywords;

namespace Horreum.JsonSchema;

/// <summary>
/// Turns schema JSON into <see cref="SchemaNode"/> graphs. Two phases: a scan records every schema location under
/// each URI it can be reached by (base URIs, $id resources, anchors), then compilation builds nodes and resolves
/// references through a work queue rather than recursion, so reference chains cannot exhaust the stack.
/// </summary>
internal sealed class SchemaCompiler
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

    private SchemaCompiler(JsonSchemaOptions options) => _options = options;

    internal static (SchemaNode Root, bool UsesDynamicRef) Compile(JsonElement schema, JsonSchemaOptions options)
    {
        var compiler = new SchemaCompiler(options);
        var root = compiler.ScanDocument(schema, DefaultBaseUri, options.DefaultDraft, string.Empty);
        var node = compiler.CompileNode(root);
        compiler.Drain();
        CheckInPlaceCycles(compiler._nodes.Values);
        return (node, compiler._usesDynamicRef);
    }

    // ---------------------------------------------------------------- scanning

    private SchemaLocation ScanDocument(JsonElement document, string retrievalUri, JsonSchemaDraft defaultDraft, string reportPrefix)
    {
        _scannedDocuments.Add(retrievalUri);
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

    // ---------------------------------------------------------------- compiling

    private SchemaLocation ChildLocation(SchemaLocation parent, JsonElement child, string relativePointer)
    {
        if (_locations.TryGetValue(parent.Key + relativePointer, out var known))
        {
            return known;
        }

        return new SchemaLocation(child, parent.BaseUri, parent.Resource, parent.Dialect, parent.ReportPointer + relativePointer, parent.Key + relativePointer);
    }

    private SchemaNode Child(SchemaLocation parent, JsonElement child, params string[] tokens)
    {
        var relative = string.Concat(tokens.Select(t => "/" + JsonPointerText.Escape(t)));
        return CompileNode(ChildLocation(parent, child, relative));
    }

    private SchemaNode CompileNode(SchemaLocation location)
    {
        if (_nodes.TryGetValue(location, out var existing))
        {
            return existing;
        }

        var element = location.Element;
        if (element.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            var constant = new SchemaNode(location.Resource, location.ReportPointer, element.GetBoolean());
            _nodes[location] = constant;
            return constant;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Malformed(location.ReportPointer, $"a schema must be an object or a boolean, not {element.ValueKind}");
        }

        var node = new SchemaNode(location.Resource, location.ReportPointer, null);
        _nodes[location] = node;
        var keywords = new List<Keyword>();
        var dialect = location.Dialect;
        var draft7 = dialect.Draft == JsonSchemaDraft.Draft7;
        string At(string keyword) => location.ReportPointer + "/" + JsonPointerText.Escape(keyword);
        bool Has(string keyword, out JsonElement value) => element.TryGetProperty(keyword, out value);

        if (Has("$ref", out var reference))
        {
            var keyword = new RefKeyword(At("$ref"), RequireString(reference, At("$ref")));
            keywords.Add(keyword);
            _pending.Enqueue((keyword, location));
            if (draft7)
            {
                // Draft 7: "All other properties in a "$ref" object MUST be ignored."
                node.SetKeywords([.. keywords], false);
                return node;
            }
        }

        if (!draft7 && Has("$dynamicRef", out var dynamicRef))
        {
            var keyword = new DynamicRefKeyword(At("$dynamicRef"), RequireString(dynamicRef, At("$dynamicRef")));
            keywords.Add(keyword);
            _pending.Enqueue((keyword, location));
        }

        if (dialect.Validation)
        {
            AddValidation(location, keywords, At);
        }

        if (dialect.Format && _options.FormatAssertion && Has("format", out var format) && format.ValueKind == JsonValueKind.String
            && FormatChecks.TryGet(format.GetString()!, out var check))
        {
            keywords.Add(new FormatKeyword(At("format"), format.GetString()!, check));
        }

        if (dialect.Applicator)
        {
            AddApplicators(location, keywords, At);
        }

        var hasUnevaluated = false;
        if (dialect.Unevaluated && !draft7)
        {
            if (Has("unevaluatedItems", out var ui))
            {
                keywords.Add(new UnevaluatedItemsKeyword(At("unevaluatedItems"), Child(location, ui, "unevaluatedItems")));
                hasUnevaluated = true;
            }

            if (Has("unevaluatedProperties", out var up))
            {
                keywords.Add(new UnevaluatedPropertiesKeyword(At("unevaluatedProperties"), Child(location, up, "unevaluatedProperties")));
                hasUnevaluated = true;
            }
        }

        node.SetKeywords([.. keywords], hasUnevaluated);
        return node;
    }

    private static void AddValidation(SchemaLocation location, List<Keyword> keywords, Func<string, string> at)
    {
        var element = location.Element;
        var draft7 = location.Dialect.Draft == JsonSchemaDraft.Draft7;
        if (element.TryGetProperty("type", out var type))
        {
            keywords.Add(CompileType(type, at("type")));
        }

        if (element.TryGetProperty("const", out var constant))
        {
            keywords.Add(new EnumKeyword(at("const"), [constant], isConst: true));
        }

        if (element.TryGetProperty("enum", out var values))
        {
            if (values.ValueKind != JsonValueKind.Array)
            {
                throw Malformed(at("enum"), "\"enum\" must be an array");
            }

            keywords.Add(new EnumKeyword(at("enum"), [.. values.EnumerateArray()], isConst: false));
        }

        if (element.TryGetProperty("multipleOf", out var multipleOf))
        {
            if (multipleOf.ValueKind != JsonValueKind.Number || JsonNumber.Compare(JsonNumber.Raw(multipleOf), "0"u8) <= 0)
            {
                throw Malformed(at("multipleOf"), "\"multipleOf\" must be a number greater than 0");
            }

            keywords.Add(new MultipleOfKeyword(at("multipleOf"), multipleOf));
        }

        foreach (var (name, kind) in new[]
        {
            ("minimum", NumberLimitKind.Minimum), ("exclusiveMinimum", NumberLimitKind.ExclusiveMinimum),
            ("maximum", NumberLimitKind.Maximum), ("exclusiveMaximum", NumberLimitKind.ExclusiveMaximum),
        })
        {
            if (element.TryGetProperty(name, out var limit))
            {
                if (limit.ValueKind != JsonValueKind.Number)
                {
                    throw Malformed(at(name), $"\"{name}\" must be a number");
                }

                keywords.Add(new NumberLimitKeyword(at(name), kind, limit));
            }
        }

        if (element.TryGetProperty("minLength", out var minLength))
        {
            keywords.Add(new StringLengthKeyword(at("minLength"), NonNegative(minLength, at("minLength")), isMax: false));
        }

        if (element.TryGetProperty("maxLength", out var maxLength))
        {
            keywords.Add(new StringLengthKeyword(at("maxLength"), NonNegative(maxLength, at("maxLength")), isMax: true));
        }

        if (element.TryGetProperty("pattern", out var pattern))
        {
            var source = RequireString(pattern, at("pattern"));
            keywords.Add(new PatternKeyword(at("pattern"), CompileRegex(source, at("pattern")), source));
        }

        foreach (var (name, isMax, forObjects) in new[]
        {
            ("minItems", false, false), ("maxItems", true, false), ("minProperties", false, true), ("maxProperties", true, true),
        })
        {
            if (element.TryGetProperty(name, out var limit))
            {
                keywords.Add(new CountLimitKeyword(at(name), NonNegative(limit, at(name)), isMax, forObjects));
            }
        }

        if (element.TryGetProperty("uniqueItems", out var unique) && unique.ValueKind == JsonValueKind.True)
        {
            keywords.Add(new UniqueItemsKeyword(at("uniqueItems")));
        }

        if (element.TryGetProperty("required", out var required))
        {
            var names = StringArray(required, at("required"));
            if (names.Length > 0)
            {
                keywords.Add(new RequiredKeyword(at("required"), names));
            }
        }

        if (!draft7 && element.TryGetProperty("dependentRequired", out var dependentRequired))
        {
            if (dependentRequired.ValueKind != JsonValueKind.Object)
            {
                throw Malformed(at("dependentRequired"), "\"dependentRequired\" must be an object of string arrays");
            }

            var rules = dependentRequired.EnumerateObject()
                .Select(p => (p.Name, StringArray(p.Value, at("dependentRequired") + "/" + JsonPointerText.Escape(p.Name))))
                .ToList();
            keywords.Add(new DependentRequiredKeyword(at("dependentRequired"), rules));
        }
    }

    private void AddApplicators(SchemaLocation location, List<Keyword> keywords, Func<string, string> at)
    {
        var element = location.Element;
        var draft7 = location.Dialect.Draft == JsonSchemaDraft.Draft7;

        var properties = new List<(string, SchemaNode)>();
        var patterns = new List<(Regex, SchemaNode)>();
        SchemaNode? additional = null;
        if (element.TryGetProperty("properties", out var props))
        {
            foreach (var p in RequireObject(props, at("properties")).EnumerateObject())
            {
                properties.Add((p.Name, Child(location, p.Value, "properties", p.Name)));
            }
        }

        if (element.TryGetProperty("patternProperties", out var patternProps))
        {
            foreach (var p in RequireObject(patternProps, at("patternProperties")).EnumerateObject())
            {
                var regex = CompileRegex(p.Name, at("patternProperties") + "/" + JsonPointerText.Escape(p.Name));
                patterns.Add((regex, Child(location, p.Value, "patternProperties", p.Name)));
            }
        }

        if (element.TryGetProperty("additionalProperties", out var additionalProps))
        {
            additional = Child(location, additionalProps, "additionalProperties");
        }

        if (properties.Count > 0 || patterns.Count > 0 || additional is not null)
        {
            keywords.Add(new PropertiesKeyword(at("properties"), properties, patterns, additional));
        }

        if (element.TryGetProperty("propertyNames", out var propertyNames))
        {
            keywords.Add(new PropertyNamesKeyword(at("propertyNames"), Child(location, propertyNames, "propertyNames")));
        }

        AddItems(location, keywords, at, draft7);

        if (element.TryGetProperty("contains", out var contains))
        {
            long min = 1;
            long? max = null;
            if (!draft7 && location.Dialect.Validation)
            {
                if (element.TryGetProperty("minContains", out var minContains))
                {
                    min = NonNegative(minContains, at("minContains"));
                }

                if (element.TryGetProperty("maxContains", out var maxContains))
                {
                    max = NonNegative(maxContains, at("maxContains"));
                }
            }

            keywords.Add(new ContainsKeyword(at("contains"), Child(location, contains, "contains"), min, max));
        }

        foreach (var name in ArraySchemaKeywords)
        {
            if (!element.TryGetProperty(name, out var branches))
            {
                continue;
            }

            if (branches.ValueKind != JsonValueKind.Array || branches.GetArrayLength() == 0)
            {
                throw Malformed(at(name), $"\"{name}\" must be a non-empty array of schemas");
            }

            var nodes = branches.EnumerateArray()
                .Select((b, i) => Child(location, b, name, i.ToString(CultureInfo.InvariantCulture)))
                .ToArray();
            keywords.Add(name switch
            {
                "allOf" => new AllOfKeyword(at(name), nodes),
                "anyOf" => new AnyOfKeyword(at(name), nodes),
                _ => new OneOfKeyword(at(name), nodes),
            });
        }

        if (element.TryGetProperty("not", out var not))
        {
            keywords.Add(new NotKeyword(at("not"), Child(location, not, "not")));
        }

        if (element.TryGetProperty("if", out var condition))
        {
            var then = element.TryGetProperty("then", out var t) ? Child(location, t, "then") : null;
            var otherwise = element.TryGetProperty("else", out var e) ? Child(location, e, "else") : null;
            var ifNode = Child(location, condition, "if");
            keywords.Add(new IfThenElseKeyword(at("if"), ifNode, then, otherwise));
        }

        var dependentSchemas = new List<(string, SchemaNode)>();
        var dependentRequired = new List<(string, string[])>();
        if (!draft7 && element.TryGetProperty("dependentSchemas", out var ds))
        {
            foreach (var p in RequireObject(ds, at("dependentSchemas")).EnumerateObject())
            {
                dependentSchemas.Add((p.Name, Child(location, p.Value, "dependentSchemas", p.Name)));
            }
        }

        if (draft7 && element.TryGetProperty("dependencies", out var dependencies))
        {
            foreach (var p in RequireObject(dependencies, at("dependencies")).EnumerateObject())
            {
                if (p.Value.ValueKind == JsonValueKind.Array)
                {
                    dependentRequired.Add((p.Name, StringArray(p.Value, at("dependencies") + "/" + JsonPointerText.Escape(p.Name))));
                }
                else
                {
                    dependentSchemas.Add((p.Name, Child(location, p.Value, "dependencies", p.Name)));
                }
            }
        }

        if (dependentRequired.Count > 0)
        {
            keywords.Add(new DependentRequiredKeyword(at("dependencies"), dependentRequired));
        }

        if (dependentSchemas.Count > 0)
        {
            keywords.Add(new DependentSchemasKeyword(at(draft7 ? "dependencies" : "dependentSchemas"), dependentSchemas));
        }
    }

    private void AddItems(SchemaLocation location, List<Keyword> keywords, Func<string, string> at, bool draft7)
    {
        var element = location.Element;
        SchemaNode[] prefix = [];
        SchemaNode? rest = null;
        if (draft7)
        {
            if (!element.TryGetProperty("items", out var items))
            {
                return;
            }

            if (items.ValueKind == JsonValueKind.Array)
            {
                prefix = [.. items.EnumerateArray().Select((s, i) => Child(location, s, "items", i.ToString(CultureInfo.InvariantCulture)))];
                if (element.TryGetProperty("additionalItems", out var additional))
                {
                    rest = Child(location, additional, "additionalItems");
                }
            }
            else
            {
                rest = Child(location, items, "items");
            }

            keywords.Add(new ItemsKeyword(at("items"), prefix, rest));
            return;
        }

        if (element.TryGetProperty("prefixItems", out var prefixItems))
        {
            if (prefixItems.ValueKind != JsonValueKind.Array)
            {
                throw Malformed(at("prefixItems"), "\"prefixItems\" must be an array of schemas");
            }

            prefix = [.. prefixItems.EnumerateArray().Select((s, i) => Child(location, s, "prefixItems", i.ToString(CultureInfo.InvariantCulture)))];
        }

        if (element.TryGetProperty("items", out var itemSchema))
        {
            if (itemSchema.ValueKind == JsonValueKind.Array)
            {
                throw Malformed(at("items"), "in 2020-12 \"items\" is a single schema; use \"prefixItems\" for the array form (or declare draft-07 with $schema)");
            }

            rest = Child(location, itemSchema, "items");
        }

        if (prefix.Length > 0 || rest is not null)
        {
            keywords.Add(new ItemsKeyword(at(prefix.Length > 0 ? "prefixItems" : "items"), prefix, rest));
        }
    }

    private static TypeKeyword CompileType(JsonElement type, string pointer)
    {
        static JsonTypes Parse(JsonElement name, string pointer) => name.ValueKind == JsonValueKind.String
            ? name.GetString() switch
            {
                "null" => JsonTypes.Null,
                "boolean" => JsonTypes.Boolean,
                "object" => JsonTypes.Object,
                "array" => JsonTypes.Array,
                "number" => JsonTypes.Number,
                "string" => JsonTypes.String,
                "integer" => JsonTypes.Integer,
                var other => throw Malformed(pointer, $"unknown type '{other}'"),
            }
            : throw Malformed(pointer, "\"type\" must be a type name or an array of them");

        if (type.ValueKind == JsonValueKind.Array)
        {
            var types = JsonTypes.None;
            foreach (var t in type.EnumerateArray())
            {
                types |= Parse(t, pointer);
            }

            return new TypeKeyword(pointer, types, string.Join(" or ", type.EnumerateArray().Select(t => t.GetString())));
        }

        return new TypeKeyword(pointer, Parse(type, pointer), type.GetString()!);
    }

    // ---------------------------------------------------------------- references

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
            ScanDocument(meta, uri, JsonSchemaDraft.Draft202012, uri + "#");
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

    // ---------------------------------------------------------------- keyword value helpers

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
