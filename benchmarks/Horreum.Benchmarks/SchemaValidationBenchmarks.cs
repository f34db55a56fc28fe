using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Horreum.JsonSchema;
using Horreum.Orm.Schema;
using Newtonsoft.Json.Linq;
using NJsonSchemaType = NJsonSchema.JsonSchema;

namespace Horreum.Benchmarks;

/// <summary>
/// Validations/s and bytes allocated per validation of a realistic 10-property record (valid), our validator
/// against NJsonSchema 10.7.2, in the same run. "Preparsed" times validation alone (each library's own DOM);
/// "FromText" adds parsing the record, which is what a save or a migration pays.
/// </summary>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class SchemaValidationBenchmarks
{
    // No remote $ref: NJsonSchema would fetch it over HTTP while loading.
    private const string Schema = """
    {
      "$schema": "http://json-schema.org/draft-07/schema#",
      "type": "object",
      "required": ["id", "email", "name", "age", "status", "created_at"],
      "properties": {
        "id":         { "type": "string", "format": "uuid" },
        "email":      { "type": "string", "format": "email", "maxLength": 254 },
        "name":       { "type": "string", "minLength": 1, "maxLength": 80, "pattern": "^[A-Za-z][A-Za-z .'-]*$" },
        "age":        { "type": "integer", "minimum": 0, "maximum": 150 },
        "status":     { "type": "string", "enum": ["active", "suspended", "closed"] },
        "tags":       { "type": "array", "items": { "type": "string", "maxLength": 20 }, "uniqueItems": true, "maxItems": 10 },
        "created_at": { "type": "string", "format": "date-time" },
        "balance":    { "type": "number", "multipleOf": 0.01, "minimum": 0 },
        "active":     { "type": "boolean" },
        "address": {
          "type": "object",
          "required": ["city", "country"],
          "properties": {
            "street":  { "type": "string" },
            "city":    { "type": "string", "minLength": 1 },
            "country": { "type": "string", "minLength": 2, "maxLength": 2 }
          },
          "additionalProperties": false
        }
      },
      "additionalProperties": false
    }
    """;

    private const string ValidRecord = """
    {"id":"3f2504e0-4f89-41d3-9a0c-0305e82c3301","email":"ada.lovelace@example.com","name":"Ada Lovelace","age":36,
     "status":"active","tags":["math","engines","poetry"],"created_at":"2025-11-21T09:30:00.1234567Z","balance":1234.56,
     "active":true,"address":{"street":"12 St James's Square","city":"London","country":"GB"}}
    """;

    // Invalid in ways both libraries check: a negative age, an unknown status, an extra property.
    private const string InvalidRecord = """
    {"id":"3f2504e0-4f89-41d3-9a0c-0305e82c3301","email":"ada.lovelace@example.com","name":"Ada Lovelace","age":-1,
     "status":"gone","created_at":"2025-11-21T09:30:00Z","nickname":"ada"}
    """;

    private JsonSchemaValidator _ours = null!;
    private NJsonSchemaType _theirs = null!;
    private JsonDocument _oursInstance = null!;
    private JToken _theirsInstance = null!;
    private Dictionary<string, string> _hashValues = null!;

    [GlobalSetup]
    public void Setup()
    {
        _ours = JsonSchemaValidator.Parse(Schema);
        _theirs = NJsonSchemaType.FromJsonAsync(Schema).GetAwaiter().GetResult();
        _oursInstance = JsonDocument.Parse(ValidRecord);
        _theirsInstance = JToken.Parse(ValidRecord);
        // The record as the mapper stores it: one hash field per property, each holding its value's JSON text.
        _hashValues = _oursInstance.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetRawText(), StringComparer.Ordinal);

        // Timing a validator that disagrees with the other (or with itself) would measure nothing useful.
        Agree("valid", ValidRecord, expected: true);
        Agree("invalid", InvalidRecord, expected: false);
        if (!ModelJsonForm.Validate(_ours, _hashValues).IsValid || OursPreparsed() != 0 || NJsonSchemaPreparsed() != 0
            || OursFromText() != 0 || NJsonSchemaFromText() != 0 || OursFromHashFields() != 0)
        {
            throw new InvalidOperationException("A benchmark body rejects the valid record.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _oursInstance.Dispose();

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Preparsed")]
    public int NJsonSchemaPreparsed() => _theirs.Validate(_theirsInstance).Count;

    [Benchmark]
    [BenchmarkCategory("Preparsed")]
    public int OursPreparsed() => _ours.Validate(_oursInstance.RootElement).Violations.Count;

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("FromText")]
    public int NJsonSchemaFromText() => _theirs.Validate(ValidRecord).Count;

    [Benchmark]
    [BenchmarkCategory("FromText")]
    public int OursFromText()
    {
        using var document = JsonDocument.Parse(ValidRecord);
        return _ours.Validate(document.RootElement).Violations.Count;
    }

    /// <summary>What a save of a model with schema_validation pays: building the JSON form from the encoded fields, then validating.</summary>
    [Benchmark]
    [BenchmarkCategory("FromText")]
    public int OursFromHashFields() => ModelJsonForm.Validate(_ours, _hashValues).Violations.Count;

    private void Agree(string what, string record, bool expected)
    {
        using var document = JsonDocument.Parse(record);
        var ours = _ours.Validate(document.RootElement).IsValid;
        var theirs = _theirs.Validate(record).Count == 0;
        if (ours != expected || theirs != expected)
        {
            throw new InvalidOperationException(
                $"The validators disagree on the {what} sample: expected {(expected ? "valid" : "invalid")}, ours says {ours}, NJsonSchema says {theirs}.");
        }
    }
}
