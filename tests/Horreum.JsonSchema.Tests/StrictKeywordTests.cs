using System.Text.Json;

namespace Horreum.JsonSchema.Tests;

/// <summary>
/// Strict mode (<see cref="JsonSchemaOptions.RejectUnknownKeywords"/>): a keyword the schema's draft does not define is a
/// load error naming the keyword and the JSON Pointer of the schema object that holds it, instead of a silent annotation.
/// </summary>
public sealed class StrictKeywordTests
{
    private static readonly JsonSchemaOptions Strict = new() { RejectUnknownKeywords = true };

    private static JsonElement Json(string text)
    {
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }

    [Fact]
    public void Unknown_keywords_are_annotations_by_default()
    {
        var schema = JsonSchemaValidator.Parse("""{ "type": "object", "requird": ["email"] }""");
        Assert.True(schema.IsValid(Json("{}")));
    }

    [Fact]
    public void Strict_rejects_every_unknown_keyword_naming_it_and_its_location()
    {
        var ex = Assert.Throws<JsonSchemaLoadException>(() => JsonSchemaValidator.Parse("""
            {
              "type": "object",
              "requird": ["email"],
              "properties": {
                "email": { "type": "string", "maxLenght": 5 },
                "tags": { "type": "array", "items": { "minimum": 1, "exclusiveMinimun": 0 } }
              }
            }
            """, Strict));

        Assert.Contains("'requird' at '#'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'maxLenght' at '/properties/email'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'exclusiveMinimun' at '/properties/tags/items'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("3 unknown keyword", ex.Message, StringComparison.Ordinal);
        Assert.Contains("did you mean 'required'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("did you mean 'maxLength'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("RejectUnknownKeywords", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Strict_escapes_the_location_as_a_json_pointer()
    {
        var ex = Assert.Throws<JsonSchemaLoadException>(() => JsonSchemaValidator.Parse(
            """{ "properties": { "a/b~c": { "typ": "string" } } }""", Strict));
        Assert.Contains("'typ' at '/properties/a~1b~0c'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("did you mean 'type'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Strict_accepts_every_keyword_of_draft_2020_12_including_annotations()
    {
        var schema = JsonSchemaValidator.Parse("""
            {
              "$schema": "https://json-schema.org/draft/2020-12/schema",
              "$id": "https://example.com/all", "$comment": "c", "title": "t", "description": "d", "default": {},
              "examples": [{}], "deprecated": false, "readOnly": false, "writeOnly": false,
              "$defs": { "n": { "$anchor": "n", "type": "number", "multipleOf": 1, "maximum": 9, "minimum": 0,
                                "exclusiveMaximum": 10, "exclusiveMinimum": -1 } },
              "type": "object", "required": ["a"], "minProperties": 1, "maxProperties": 9,
              "dependentRequired": { "a": [] }, "dependentSchemas": { "a": true },
              "properties": { "a": { "$ref": "#n" },
                              "s": { "type": "string", "minLength": 0, "maxLength": 9, "pattern": "^x", "format": "email",
                                     "contentEncoding": "base64", "contentMediaType": "application/json", "contentSchema": true,
                                     "enum": ["x"], "const": "x" },
                              "l": { "type": "array", "prefixItems": [true], "items": true, "contains": true, "minContains": 0,
                                     "maxContains": 9, "minItems": 0, "maxItems": 9, "uniqueItems": true, "unevaluatedItems": false },
                              "r": { "$dynamicAnchor": "r", "items": { "$dynamicRef": "#r" } } },
              "patternProperties": { "^z": true }, "additionalProperties": true, "propertyNames": { "maxLength": 9 },
              "if": true, "then": true, "else": true, "allOf": [true], "anyOf": [true], "oneOf": [true], "not": false,
              "unevaluatedProperties": true
            }
            """, Strict);
        Assert.True(schema.IsValid(Json("""{ "a": 1 }""")));
    }

    [Fact]
    public void Strict_accepts_every_keyword_of_draft_7_including_annotations()
    {
        var schema = JsonSchemaValidator.Parse("""
            {
              "$schema": "http://json-schema.org/draft-07/schema#",
              "$id": "https://example.com/all7", "$comment": "c", "title": "t", "description": "d", "default": {},
              "examples": [{}], "readOnly": false, "writeOnly": false,
              "definitions": { "n": { "$id": "#n", "type": "number" } },
              "type": "object", "required": ["a"], "dependencies": { "a": ["b"], "c": { "required": ["d"] } },
              "properties": { "a": { "$ref": "#n" }, "b": true,
                              "s": { "type": "string", "contentEncoding": "base64", "contentMediaType": "text/plain" },
                              "l": { "items": [true], "additionalItems": false, "contains": true } },
              "additionalProperties": true, "if": true, "then": true, "else": true
            }
            """, Strict);
        Assert.True(schema.IsValid(Json("""{ "a": 1, "b": 2 }""")));
    }

    [Theory]
    [InlineData("""{ "$schema": "http://json-schema.org/draft-07/schema#", "prefixItems": [true] }""", "prefixItems")]
    [InlineData("""{ "$schema": "http://json-schema.org/draft-07/schema#", "dependentRequired": {} }""", "dependentRequired")]
    [InlineData("""{ "$schema": "http://json-schema.org/draft-07/schema#", "unevaluatedProperties": false }""", "unevaluatedProperties")]
    [InlineData("""{ "dependencies": { "a": ["b"] } }""", "dependencies")]
    [InlineData("""{ "additionalItems": false }""", "additionalItems")]
    public void Strict_rejects_keywords_of_the_other_draft(string schema, string keyword)
    {
        var ex = Assert.Throws<JsonSchemaLoadException>(() => JsonSchemaValidator.Parse(schema, Strict));
        Assert.Contains($"'{keyword}' at '#'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Strict_does_not_read_property_names_or_values_as_keywords()
    {
        // Names under properties/patternProperties/$defs are not keywords, and enum/const/default/examples hold data.
        var schema = JsonSchemaValidator.Parse("""
            {
              "properties": { "requird": { "type": "integer" }, "typ": true },
              "patternProperties": { "maxLenght": true },
              "$defs": { "whatever": { "type": "null" } },
              "enum": [{ "requird": 1 }], "const": { "requird": 1 }, "default": { "x-y": 1 }, "examples": [{ "z": 1 }]
            }
            """, Strict);
        Assert.True(schema.IsValid(Json("""{ "requird": 1 }""")));
    }

    [Fact]
    public void Strict_checks_registered_documents_that_refs_reach()
    {
        var registry = new JsonSchemaRegistry();
        registry.Register("https://example.com/address.json", """{ "type": "object", "requried": ["city"] }""");
        var ex = Assert.Throws<JsonSchemaLoadException>(() => JsonSchemaValidator.Parse(
            """{ "properties": { "address": { "$ref": "https://example.com/address.json" } } }""",
            new JsonSchemaOptions { Registry = registry, RejectUnknownKeywords = true }));
        Assert.Contains("'requried' at 'https://example.com/address.json#'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Strict_accepts_a_ref_to_the_built_in_meta_schema()
    {
        var schema = JsonSchemaValidator.Parse("""{ "$ref": "https://json-schema.org/draft/2020-12/schema" }""", Strict);
        Assert.True(schema.IsValid(Json("""{ "type": "string" }""")));
        Assert.False(schema.IsValid(Json("""{ "type": 5 }""")));
    }

    [Fact]
    public void Strict_loads_every_schema_of_the_official_suite()
    {
        // No false alarms: every schema of the required files (1,000+ schemas written by others, both drafts, annotations
        // and all) uses only keywords of its draft, so strict mode must load each one that the default mode loads.
        if (SchemaTestSuite.Root is null)
        {
            Assert.Fail(SchemaTestSuite.MissingMessage);
        }

        var files = SchemaTestSuite.RequiredFiles("draft2020-12").Concat(SchemaTestSuite.RequiredFiles("draft7")).ToList();
        var lenient = files.SelectMany(f => SchemaTestSuite.LoadErrors(f, o => o)).Select(e => e.Group).ToHashSet(StringComparer.Ordinal);
        var strictOnly = files.SelectMany(f => SchemaTestSuite.LoadErrors(f, o => o with { RejectUnknownKeywords = true }))
            .Where(e => !lenient.Contains(e.Group))
            .Select(e => e.Group + " -> " + e.Error)
            .ToList();

        Assert.True(files.Count > 50, $"only {files.Count} suite files found");
        Assert.True(strictOnly.Count == 0, "Strict mode refused schemas the suite considers valid:\n" + string.Join("\n", strictOnly));
    }
}
