using System.Text.Json;

namespace Horreum.JsonSchema.Keywords;

/// <summary><c>format</c> as an assertion; only compiled for known formats when assertion is enabled.</summary>
internal sealed class FormatKeyword(string schemaPointer, string format, Func<ReadOnlySpan<char>, bool> check) : Keyword(schemaPointer)
{
    public override bool Evaluate(JsonElement instance, EvaluationContext context, EvaluatedSet? evaluated)
    {
        if (instance.ValueKind != JsonValueKind.String)
        {
            return true;
        }

        var ok = JsonStrings.Check(instance, check, static (c, s) => c(s));
        if (!ok && context.Collecting)
        {
            context.Report(SchemaPointer, $"String is not a valid '{format}'.");
        }

        return ok;
    }
}
