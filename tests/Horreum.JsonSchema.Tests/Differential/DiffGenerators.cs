using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;

namespace Horreum.JsonSchema.Tests.Differential;

/// <summary>
/// Schemas over the keywords both validators implement (no format, no $ref, ASCII patterns) and instances that hit
/// their edges; the shrinker drops keywords and simplifies the instance, so a disagreement prints a small case.
/// </summary>
public static class DiffGenerators
{
    private static readonly string[] Keys = ["a", "b", "c"];

    private static readonly string[] Strings = ["\"\"", "\"a\"", "\"ab\"", "\"abc\"", "\"b1\"", "\"zz\"", "\"é\"", "\"😀x\""];

    private static readonly string[] Numbers = ["0", "1", "2", "3", "-1", "7", "10", "1.5", "2.0", "-0.5", "1e1", "2.5"];

    private static readonly string[] Patterns = ["^a", "b$", "^[a-z]+$", "\\\\d", "^.{2}$", "a|z"];

    private static readonly string[] Types = ["\"null\"", "\"boolean\"", "\"integer\"", "\"number\"", "\"string\"", "\"array\"", "\"object\""];

    public static Gen<DiffCase> Cases() =>
        Gen.Zip(Gen.Sized(s => Schema(Math.Min(s / 20, 3))), Gen.Sized(s => Instance(Math.Min(s / 20, 3))))
            .Select(t => new DiffCase(t.Item1, t.Item2));

    public static Gen<string> Instance(int depth)
    {
        var scalar = Gen.OneOf(
            Gen.Elements("null", "true", "false"),
            Gen.Elements(Numbers),
            Gen.Elements(Strings));
        if (depth <= 0)
        {
            return scalar;
        }

        var child = Instance(depth - 1);
        var array = Gen.Choose(0, 3).SelectMany(n => child.ArrayOf(n)).Select(items => "[" + string.Join(",", items) + "]");
        var obj = Gen.SubListOf(Keys).SelectMany(keys => child.ArrayOf(keys.Count)
            .Select(values => "{" + string.Join(",", keys.Select((k, i) => $"\"{k}\":{values[i]}")) + "}"));
        return Gen.Frequency((3, scalar), (1, array), (1, obj));
    }

    public static Gen<string> Schema(int depth)
    {
        var keyword = Keyword(depth);
        var obj = Gen.Choose(1, 3).SelectMany(n => keyword.ArrayOf(n))
            .Select(kws => "{" + string.Join(",", kws.DistinctBy(k => k.Name).Select(k => $"\"{k.Name}\":{k.Value}")) + "}");
        return Gen.Frequency((1, Gen.Elements("true", "false")), (8, obj));
    }

    private static Gen<(string Name, string Value)> Keyword(int depth)
    {
        Gen<(string, string)> Kw(string name, Gen<string> value) => value.Select(v => (name, v));
        var small = Gen.Choose(0, 3).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var bound = Gen.Elements(Numbers);
        var leaf = new List<Gen<(string, string)>>
        {
            Kw("type", Gen.OneOf(Gen.Elements(Types), Gen.Elements(Types).ArrayOf(2).Select(t => "[" + string.Join(",", t.Distinct()) + "]"))),
            Kw("minimum", bound), Kw("maximum", bound), Kw("exclusiveMinimum", bound), Kw("exclusiveMaximum", bound),
            Kw("multipleOf", Gen.Elements("1", "2", "3", "0.5", "2.5")),
            Kw("minLength", small), Kw("maxLength", small),
            Kw("pattern", Gen.Elements(Patterns).Select(p => "\"" + p + "\"")),
            Kw("minItems", small), Kw("maxItems", small), Kw("uniqueItems", Gen.Elements("true", "false")),
            Kw("minProperties", small), Kw("maxProperties", small),
            Kw("required", Gen.SubListOf(Keys).Select(k => "[" + string.Join(",", k.Select(x => $"\"{x}\"")) + "]")),
            Kw("dependentRequired", Gen.Elements("{\"a\":[\"b\"]}", "{\"b\":[\"a\",\"c\"]}")),
            Kw("enum", Instance(1).ArrayOf(2).Select(v => "[" + string.Join(",", v) + "]")),
            Kw("const", Instance(1)),
        };
        if (depth <= 0)
        {
            return Gen.OneOf(leaf);
        }

        var sub = Schema(depth - 1);
        var pair = sub.ArrayOf(2).Select(s => "[" + string.Join(",", s) + "]");
        var nested = new List<Gen<(string, string)>>
        {
            Kw("items", sub), Kw("prefixItems", pair), Kw("contains", sub),
            Kw("properties", Gen.Elements(Keys).SelectMany(k => sub.Select(s => $"{{\"{k}\":{s}}}"))),
            Kw("additionalProperties", sub), Kw("propertyNames", Gen.Elements("{\"maxLength\":0}", "{\"pattern\":\"^[ab]$\"}", "true")),
            Kw("allOf", pair), Kw("anyOf", pair), Kw("oneOf", pair), Kw("not", sub),
            Kw("if", sub), Kw("then", sub), Kw("else", sub),
            Kw("dependentSchemas", Gen.Elements(Keys).SelectMany(k => sub.Select(s => $"{{\"{k}\":{s}}}"))),
        };
        return Gen.Frequency((2, Gen.OneOf(leaf)), (1, Gen.OneOf(nested)));
    }

    /// <summary>Smaller cases: the schema without one of its keywords, or with a subschema replaced by true; a simpler instance.</summary>
    public static IEnumerable<DiffCase> Shrink(DiffCase c)
    {
        if (JsonNode.Parse(c.Schema) is JsonObject schema)
        {
            foreach (var name in schema.Select(p => p.Key).ToList())
            {
                var without = (JsonObject)schema.DeepClone();
                without.Remove(name);
                yield return c with { Schema = without.ToJsonString() };
            }
        }

        foreach (var simpler in SimplerInstances(c.Instance))
        {
            yield return c with { Instance = simpler };
        }
    }

    private static IEnumerable<string> SimplerInstances(string instance)
    {
        var node = JsonNode.Parse(instance);
        switch (node)
        {
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    var shorter = (JsonArray)array.DeepClone();
                    shorter.RemoveAt(i);
                    yield return shorter.ToJsonString();
                }

                break;
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    var smaller = (JsonObject)obj.DeepClone();
                    smaller.Remove(key);
                    yield return smaller.ToJsonString();
                }

                break;
        }

        if (instance is not ("null" or "0" or "\"\""))
        {
            yield return "null";
        }
    }
}
