using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Horreum.JsonSchema.Keywords;

namespace Horreum.JsonSchema;

/// <summary>The applicator vocabulary: keywords that apply subschemas (allOf/anyOf/oneOf/not, if/then/else, properties, items, contains, dependentSchemas).</summary>
internal sealed partial class SchemaCompiler
{
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
}
