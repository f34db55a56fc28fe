using System.Text.Json;

namespace Horreum.JsonSchema.Tests;

public sealed class JsonSchemaValidatorTests
{
    private static JsonElement Json(string text)
    {
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }

    [Fact]
    public void Parse_unregistered_http_ref_fails_at_load_naming_the_ref()
    {
        var ex = Assert.Throws<JsonSchemaLoadException>(() => JsonSchemaValidator.Parse("""{ "properties": { "a": { "$ref": "http://example.com/x.json" } } }"""));
        Assert.Contains("http://example.com/x.json", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Registry", ex.Message, StringComparison.Ordinal);
        Assert.Contains("never fetched", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_registered_http_ref_resolves_without_network()
    {
        var registry = new JsonSchemaRegistry();
        registry.Register("http://example.com/x.json", """{ "type": "integer" }""");
        var schema = JsonSchemaValidator.Parse("""{ "$ref": "http://example.com/x.json" }""", new JsonSchemaOptions { Registry = registry });
        Assert.True(schema.Validate(Json("3")).IsValid);
        Assert.False(schema.Validate(Json("\"3\"")).IsValid);
    }

    [Fact]
    public void Parse_missing_pointer_and_anchor_fail_at_load()
    {
        Assert.Contains("#/$defs/nope", Assert.Throws<JsonSchemaLoadException>(() => JsonSchemaValidator.Parse("""{ "$ref": "#/$defs/nope" }""")).Message, StringComparison.Ordinal);
        Assert.Contains("nope", Assert.Throws<JsonSchemaLoadException>(() => JsonSchemaValidator.Parse("""{ "$ref": "#nope" }""")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_malformed_schema_and_unknown_dialect_fail_at_load()
    {
        Assert.Throws<JsonSchemaLoadException>(() => JsonSchemaValidator.Parse("""{ "type": 5 }"""));
        Assert.Throws<JsonSchemaLoadException>(() => JsonSchemaValidator.Parse("""{ "minLength": -1 }"""));
        Assert.Throws<JsonSchemaLoadException>(() => JsonSchemaValidator.Parse("""{ "pattern": "(" }"""));
        Assert.Throws<JsonSchemaLoadException>(() => JsonSchemaValidator.Parse("{ not json"));
        var ex = Assert.Throws<JsonSchemaLoadException>(() => JsonSchemaValidator.Parse("""{ "$schema": "http://json-schema.org/draft-04/schema#" }"""));
        Assert.Contains("draft-04", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ref_cycle_that_consumes_no_instance_fails_at_load()
    {
        var ex = Assert.Throws<JsonSchemaLoadException>(() => JsonSchemaValidator.Parse(
            """{ "$defs": { "a": { "$ref": "#/$defs/b" }, "b": { "allOf": [ { "$ref": "#/$defs/a" } ] } }, "$ref": "#/$defs/a" }"""));
        Assert.Contains("cycle", ex.Message, StringComparison.Ordinal);
        Assert.Throws<JsonSchemaLoadException>(() => JsonSchemaValidator.Parse("""{ "$ref": "#" }"""));
    }

    [Fact]
    public void Validate_recursive_schema_on_deep_instance_reports_depth_instead_of_overflowing()
    {
        var schema = JsonSchemaValidator.Parse("""{ "type": "array", "items": { "$ref": "#" } }""", new JsonSchemaOptions { MaxDepth = 200 });
        var deep = new string('[', 5000) + new string(']', 5000);
        using var doc = JsonDocument.Parse(deep, new JsonDocumentOptions { MaxDepth = 6000 });
        var result = schema.Validate(doc.RootElement);
        Assert.False(result.IsValid);
        Assert.Contains("MaxDepth", result.Violations[^1].Message, StringComparison.Ordinal);

        using var shallow = JsonDocument.Parse("[[[[]]]]");
        Assert.True(schema.Validate(shallow.RootElement).IsValid);
    }

    [Fact]
    public void Parse_deeply_nested_schema_fails_cleanly_instead_of_overflowing()
    {
        var nested = string.Concat(Enumerable.Repeat("{\"not\":", 3000)) + "{}" + new string('}', 3000);
        var ex = Assert.Throws<JsonSchemaLoadException>(() => JsonSchemaValidator.Parse(nested));
        Assert.Contains("depth", ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Validate_reports_instance_pointer_schema_pointer_and_message()
    {
        var schema = JsonSchemaValidator.Parse("""
            { "type": "object", "required": ["id"],
              "properties": { "tags": { "type": "array", "items": { "type": "string", "maxLength": 3 } }, "a/b": { "minimum": 10 } } }
            """);
        var result = schema.Validate(Json("""{ "tags": ["ok", "toolong", 5], "a/b": 1 }"""));
        Assert.False(result.IsValid);
        Assert.Contains(result.Violations, v => v.InstancePointer == "" && v.SchemaPointer == "/required" && v.Message.Contains("'id'", StringComparison.Ordinal));
        Assert.Contains(result.Violations, v => v.InstancePointer == "/tags/1" && v.SchemaPointer == "/properties/tags/items/maxLength");
        Assert.Contains(result.Violations, v => v.InstancePointer == "/tags/2" && v.SchemaPointer == "/properties/tags/items/type");
        Assert.Contains(result.Violations, v => v.InstancePointer == "/a~1b" && v.SchemaPointer == "/properties/a~1b/minimum");
        Assert.Equal(4, result.Violations.Count);
    }

    [Fact]
    public void Validate_valid_instance_returns_shared_result_without_violations()
    {
        var schema = JsonSchemaValidator.Parse("""{ "type": "object" }""");
        var result = schema.Validate(Json("{}"));
        Assert.True(result.IsValid);
        Assert.Empty(result.Violations);
        Assert.Same(JsonSchemaResult.Valid, result);
    }

    [Fact]
    public void Validate_counts_code_points_and_uses_ecma_digit_class()
    {
        var schema = JsonSchemaValidator.Parse("""{ "maxLength": 2, "pattern": "^\\d+$" }""");
        Assert.False(schema.IsValid(Json("\"\u0663\"")));          // Arabic-Indic digit is not \d in ECMA-262
        Assert.True(JsonSchemaValidator.Parse("""{ "maxLength": 1 }""").IsValid(Json("\"\uD83D\uDCA9\"")));  // one code point, two UTF-16 units
    }

    [Fact]
    public void Validate_big_numbers_do_not_throw_and_compare_exactly()
    {
        var schema = JsonSchemaValidator.Parse("""{ "type": "integer", "maximum": 18446744073709551616, "multipleOf": 2 }""");
        Assert.True(schema.IsValid(Json("18446744073709551616")));
        Assert.False(schema.IsValid(Json("18446744073709551617")));
        Assert.True(schema.IsValid(Json("1e10")));
        Assert.False(JsonSchemaValidator.Parse("""{ "maximum": 1e308 }""").IsValid(Json("1e400")));
    }

    [Fact]
    public void Format_assertion_can_be_switched_off()
    {
        const string text = """{ "format": "date" }""";
        Assert.False(JsonSchemaValidator.Parse(text).IsValid(Json("\"2024-02-30\"")));
        Assert.True(JsonSchemaValidator.Parse(text, new JsonSchemaOptions { FormatAssertion = false }).IsValid(Json("\"2024-02-30\"")));
        Assert.True(JsonSchemaValidator.Parse("""{ "format": "made-up" }""").IsValid(Json("\"anything\"")));
    }

    [Fact]
    public async Task Validate_in_parallel_gives_the_same_results_as_sequential()
    {
        var schema = JsonSchemaValidator.Parse("""
            { "$defs": { "node": { "$dynamicAnchor": "node", "type": "object",
                                   "properties": { "v": { "type": "integer" }, "kids": { "type": "array", "items": { "$dynamicRef": "#node" } } },
                                   "unevaluatedProperties": false } },
              "$ref": "#/$defs/node" }
            """);
        var instances = Enumerable.Range(0, 64).Select(i => Json(
            i % 3 == 0 ? $$"""{ "v": {{i}}, "kids": [ { "v": 1 }, { "v": "x{{i}}" } ] }"""
            : i % 3 == 1 ? $$"""{ "v": {{i}}, "kids": [ { "v": 1, "extra{{i}}": true } ] }"""
            : $$"""{ "v": {{i}}, "kids": [ { "v": 2, "kids": [] } ] }""")).ToArray();
        var expected = instances.Select(i => Describe(schema.Validate(i))).ToArray();
        Assert.Contains(expected, e => e == "valid");
        Assert.Contains(expected, e => e != "valid");

        var tasks = Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            for (var round = 0; round < 50; round++)
            {
                for (var i = 0; i < instances.Length; i++)
                {
                    if (Describe(schema.Validate(instances[i])) != expected[i])
                    {
                        return false;
                    }
                }
            }

            return true;
        }));
        var results = await Task.WhenAll(tasks);
        Assert.All(results, Assert.True);
    }

    private static string Describe(JsonSchemaResult r) =>
        r.IsValid ? "valid" : string.Join("|", r.Violations.Select(v => v.InstancePointer + " " + v.SchemaPointer + " " + v.Message));
}
