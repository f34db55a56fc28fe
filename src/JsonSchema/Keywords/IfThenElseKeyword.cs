using System.Text.Json;

namespace Horreum.JsonSchema.Keywords;

/// <summary><c>if</c>/<c>then</c>/<c>else</c>; a failing <c>if</c> is not a violation, it selects <c>else</c>.</summary>
internal sealed class IfThenElseKeyword(string schemaPointer, SchemaNode condition, SchemaNode? then, SchemaNode? otherwise) : Keyword(schemaPointer)
{
    public override IEnumerable<SchemaNode> InPlaceSubschemas =>
        new[] { condition, then, otherwise }.Where(n => n is not null)!;

    public override bool Evaluate(JsonElement instance, EvaluationContext context, EvaluatedSet? evaluated)
    {
        if (then is null && otherwise is null && evaluated is null)
        {
            // A lone "if" only contributes annotations; skip it when nobody collects them.
            return true;
        }

        var local = evaluated is null ? null : context.RentSet();
        context.Suppress();
        var holds = condition.Evaluate(instance, context, local);
        context.Unsuppress();
        if (local is not null)
        {
            if (holds)
            {
                evaluated!.UnionWith(local);
            }

            context.ReturnSet(local);
        }

        if (context.DepthExceeded)
        {
            return false;
        }

        var branch = holds ? then : otherwise;
        return branch is null || branch.Evaluate(instance, context, evaluated);
    }
}
