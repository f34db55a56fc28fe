using System.Text.Json;

namespace Horreum.JsonSchema.Keywords;

/// <summary><c>unevaluatedProperties</c>: applies to properties no successful sibling or nested in-place subschema evaluated.</summary>
internal sealed class UnevaluatedPropertiesKeyword(string schemaPointer, SchemaNode node) : Keyword(schemaPointer)
{
    public override bool Evaluate(JsonElement instance, EvaluationContext context, EvaluatedSet? evaluated)
    {
        if (instance.ValueKind != JsonValueKind.Object)
        {
            return true;
        }

        var valid = true;
        var index = -1;
        foreach (var property in instance.EnumerateObject())
        {
            index++;
            if (evaluated is not null && evaluated.IsMarked(index))
            {
                continue;
            }

            if (context.TracksPath)
            {
                context.PushPath(property.Name);
            }

            var ok = node.Evaluate(property.Value, context, null);
            if (!ok && node.IsFalse && context.Collecting)
            {
                context.Errors!.RemoveAt(context.Errors.Count - 1);
                context.Report(node.Pointer, $"Property '{property.Name}' is not allowed (unevaluatedProperties is false).");
            }

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
