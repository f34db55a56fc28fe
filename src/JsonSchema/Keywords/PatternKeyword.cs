using System.Text.Json;
using System.Text.RegularExpressions;

namespace Horreum.JsonSchema.Keywords;

/// <summary><c>pattern</c>: an unanchored ECMA-262 search.</summary>
internal sealed class PatternKeyword(string schemaPointer, Regex regex, string source) : Keyword(schemaPointer)
{
    public override bool Evaluate(JsonElement instance, EvaluationContext context, EvaluatedSet? evaluated)
    {
        if (instance.ValueKind != JsonValueKind.String)
        {
            return true;
        }

        var ok = JsonStrings.Check(instance, regex, static (r, s) => r.IsMatch(s));
        if (!ok && context.Collecting)
        {
            context.Report(SchemaPointer, $"String does not match the pattern '{source}'.");
        }

        return ok;
    }
}
