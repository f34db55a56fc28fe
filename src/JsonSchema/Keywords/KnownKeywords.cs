namespace Horreum.JsonSchema.Keywords;

/// <summary>
/// The keywords each draft defines (every vocabulary of its meta-schema, annotations included), for strict mode; and a
/// "did you mean" for a name that is not one of them.
/// </summary>
internal static class KnownKeywords
{
    // Keywords both drafts define with the same name.
    private static readonly string[] Shared =
    [
        "$schema", "$id", "$ref", "$comment",
        "title", "description", "default", "examples", "readOnly", "writeOnly",
        "type", "enum", "const", "multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum",
        "maxLength", "minLength", "pattern", "maxItems", "minItems", "uniqueItems", "maxProperties", "minProperties", "required",
        "items", "contains", "properties", "patternProperties", "additionalProperties", "propertyNames",
        "if", "then", "else", "allOf", "anyOf", "oneOf", "not",
        "format", "contentEncoding", "contentMediaType",

        // Containers that $ref reaches by JSON Pointer: each draft names one, and schemas mix them up harmlessly.
        "$defs", "definitions",
    ];

    private static readonly HashSet<string> Draft7 = new(
        [.. Shared, "additionalItems", "dependencies"], StringComparer.Ordinal);

    private static readonly HashSet<string> Draft202012 = new(
        [
            .. Shared,
            "$anchor", "$dynamicRef", "$dynamicAnchor", "$vocabulary", "deprecated",
            "prefixItems", "dependentSchemas", "dependentRequired", "maxContains", "minContains",
            "unevaluatedItems", "unevaluatedProperties", "contentSchema",
        ],
        StringComparer.Ordinal);

    public static bool IsKnown(string name, JsonSchemaDraft draft) => For(draft).Contains(name);

    /// <summary>The known keyword <paramref name="name"/> most likely misspells (case or up to two edits), or null.</summary>
    public static string? Suggest(string name, JsonSchemaDraft draft)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var known in For(draft))
        {
            var distance = string.Equals(known, name, StringComparison.OrdinalIgnoreCase) ? 0 : Distance(known, name);
            if (distance < bestDistance || (distance == bestDistance && string.CompareOrdinal(known, best) < 0))
            {
                best = known;
                bestDistance = distance;
            }
        }

        return bestDistance <= Math.Min(2, name.Length / 3) ? best : null;
    }

    private static HashSet<string> For(JsonSchemaDraft draft) => draft == JsonSchemaDraft.Draft7 ? Draft7 : Draft202012;

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours.</summary>
    private static int Distance(string a, string b)
    {
        if (Math.Abs(a.Length - b.Length) > 2)
        {
            return int.MaxValue;
        }

        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
