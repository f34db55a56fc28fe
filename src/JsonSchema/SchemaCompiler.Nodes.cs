using System.Text.Json;
using Horreum.JsonSchema.Keywords;

namespace Horreum.JsonSchema;

/// <summary>Compiling one schema location into a <see cref="SchemaNode"/>: its child locations, its keywords, <c>type</c>.</summary>
internal sealed partial class SchemaCompiler
{
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
}
