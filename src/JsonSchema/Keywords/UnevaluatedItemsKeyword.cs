using System.Text.Json;

namespace Horreum.JsonSchema.Keywords;

/// <summary><c>unevaluatedItems</c>: applies to array items no successful sibling or nested in-place subschema evaluated.</summary>
internal sealed class UnevaluatedItemsKeyword(string schemaPointer, SchemaNode node) : Keyword(schemaPointer)
{
    public override bool Evaluate(JsonElement instance, EvaluationContext context, EvaluatedSet? evaluated)
    {
        if (instance.ValueKind != JsonValueKind.Array)
        {
            return true;
        }

        var valid = true;
        var index = -1;
        foreach (var item in instance.EnumerateArray())
        {
            index++;
            if (evaluated is not null && evaluated.IsMarked(index))
            {
                continue;
            }

            if (context.TracksPath)
            {
                context.PushPath(index);
            }

            var ok = node.Evaluate(item, context, null);
            if (context.TracksPath)
            {
                context.PopPath();
            }

            if (!ok)
            {
                valid = false;
                if (!context.Collecting)
                {
                    return false;
                }
            }
        }

        if (valid)
        {
            evaluated?.MarkAll();
        }

        return valid;
    }
}
