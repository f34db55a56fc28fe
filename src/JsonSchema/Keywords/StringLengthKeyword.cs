using System.Text.Json;

namespace Horreum.JsonSchema.Keywords;

/// <summary>minLength/maxLength, counted in Unicode code points.</summary>
internal sealed class StringLengthKeyword(string schemaPointer, long limit, bool isMax) : Keyword(schemaPointer)
{
    public override bool Evaluate(JsonElement instance, EvaluationContext context, EvaluatedSet? evaluated)
    {
        if (instance.ValueKind != JsonValueKind.String)
        {
            return true;
        }

        var length = JsonStrings.CodePointLength(instance);
        var ok = isMax ? length <= limit : length >= limit;
        if (!ok && context.Collecting)
        {
            context.Report(SchemaPointer, isMax
                ? $"String has {length} characters; at most {limit} are allowed."
                : $"String has {length} characters; at least {limit} are required.");
        }

        return ok;
    }
}
