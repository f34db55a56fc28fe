using System.Text.Json;

namespace Horreum.JsonSchema.Keywords;

/// <summary>
/// prefixItems + items (2020-12), or array-form items + additionalItems / schema-form items (draft 7):
/// positional schemas first, then one schema for the rest.
/// </summary>
internal sealed class ItemsKeyword(string schemaPointer, SchemaNode[] prefix, SchemaNode? rest) : Keyword(schemaPointer)
{
    public override bool Evaluate(JsonElement instance, EvaluationContext context, EvaluatedSet? evaluated)
    {
        if (instance.ValueKind != JsonValueKind.Array)
        {
            return true;
        }

        var valid = true;
        var index = 0;
        foreach (var item in instance.EnumerateArray())
        {
            SchemaNode? node = index < prefix.Length ? prefix[index] : rest;
            if (node is null)
            {
                break;
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

            evaluated?.Mark(index);
            if (!ok)
            {
                valid = false;
                if (!context.Collecting)
                {
                    return false;
                }
            }

            index++;
        }

        return valid;
    }
}
