using System.Text.Json;
using Horreum.JsonSchema.Keywords;

namespace Horreum.JsonSchema;

/// <summary>The validation vocabulary: keywords that check the instance itself (numbers, strings, arrays, objects, enum/const, format).</summary>
internal sealed partial class SchemaCompiler
{
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
}
