using System.Text.Json;

namespace Horreum.JsonSchema.Keywords;

/// <summary><c>contains</c> with minContains/maxContains; failing items are not violations in themselves.</summary>
internal sealed class ContainsKeyword(string schemaPointer, SchemaNode node, long min, long? max) : Keyword(schemaPointer)
{
    public override bool Evaluate(JsonElement instance, EvaluationContext context, EvaluatedSet? evaluated)
    {
        if (instance.ValueKind != JsonValueKind.Array)
        {
            return true;
        }

        var count = 0L;
        var index = 0;
        var stopEarly = max is null && evaluated is null;
        context.Suppress();
        foreach (var item in instance.EnumerateArray())
        {
            if (node.Evaluate(item, context, null))
            {
                count++;
                evaluated?.Mark(index);
                if (stopEarly && count >= min)
                {
                    break;
                }
            }

            index++;
        }

        context.Unsuppress();
        var ok = count >= min && (max is null || count <= max);
        if (!ok && context.Collecting)
        {
            context.Report(SchemaPointer, count < min
                ? $"Array must contain at least {min} matching item(s); found {count}."
                : $"Array must contain at most {max} matching item(s); found {count}.");
        }

        return ok;
    }
}
