using System.Text.Json;

namespace Horreum.JsonSchema.Keywords;

/// <summary>minItems/maxItems (arrays) and minProperties/maxProperties (objects).</summary>
internal sealed class CountLimitKeyword(string schemaPointer, long limit, bool isMax, bool forObjects) : Keyword(schemaPointer)
{
    public override bool Evaluate(JsonElement instance, EvaluationContext context, EvaluatedSet? evaluated)
    {
        int count;
        if (forObjects)
        {
            if (instance.ValueKind != JsonValueKind.Object)
            {
                return true;
            }

            count = instance.GetPropertyCount();
        }
        else
        {
            if (instance.ValueKind != JsonValueKind.Array)
            {
                return true;
            }

            count = instance.GetArrayLength();
        }

        var ok = isMax ? count <= limit : count >= limit;
        if (!ok && context.Collecting)
        {
            var what = forObjects ? "properties" : "items";
            context.Report(SchemaPointer, isMax
                ? $"Found {count} {what}; at most {limit} are allowed."
                : $"Found {count} {what}; at least {limit} are required.");
        }

        return ok;
    }
}
