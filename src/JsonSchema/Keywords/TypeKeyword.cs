using System.Text.Json;

namespace Horreum.JsonSchema.Keywords;

/// <summary><c>type</c>: an integer is any number with no fractional part, so 1.0 is an integer.</summary>
internal sealed class TypeKeyword(string schemaPointer, JsonTypes types, string expected) : Keyword(schemaPointer)
{
    public override bool Evaluate(JsonElement instance, EvaluationContext context, EvaluatedSet? evaluated)
    {
        var ok = instance.ValueKind switch
        {
            JsonValueKind.Null => (types & JsonTypes.Null) != 0,
            JsonValueKind.True or JsonValueKind.False => (types & JsonTypes.Boolean) != 0,
            JsonValueKind.Object => (types & JsonTypes.Object) != 0,
            JsonValueKind.Array => (types & JsonTypes.Array) != 0,
            JsonValueKind.String => (types & JsonTypes.String) != 0,
            JsonValueKind.Number => (types & JsonTypes.Number) != 0
                || ((types & JsonTypes.Integer) != 0 && JsonNumber.IsInteger(instance)),
            _ => false,
        };
        if (!ok && context.Collecting)
        {
            context.Report(SchemaPointer, $"Expected {expected} but found {Describe(instance)}.");
        }

        return ok;
    }

    internal static string Describe(JsonElement instance) => instance.ValueKind switch
    {
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Number => JsonNumber.IsInteger(instance) ? "integer" : "number",
        _ => instance.ValueKind.ToString().ToLowerInvariant(),
    };
}
