using System.Text.Json;

namespace Horreum.JsonSchema.Keywords;

/// <summary><c>oneOf</c>: exactly one branch may succeed; only that branch's annotations are kept.</summary>
internal sealed class OneOfKeyword(string schemaPointer, SchemaNode[] branches) : Keyword(schemaPointer)
{
    public override IEnumerable<SchemaNode> InPlaceSubschemas => branches;

    public override bool Evaluate(JsonElement instance, EvaluationContext context, EvaluatedSet? evaluated)
    {
        var matches = 0;
        var first = -1;
        var second = -1;
        EvaluatedSet? winner = null;
        context.Suppress();
        for (var i = 0; i < branches.Length; i++)
        {
            var local = evaluated is null ? null : context.RentSet();
            if (branches[i].Evaluate(instance, context, local))
            {
                matches++;
                if (first < 0)
                {
                    first = i;
                    winner = local;
                    local = null;
                }
                else
                {
                    second = i;
                }
            }

            if (local is not null)
            {
                context.ReturnSet(local);
            }

            if (matches > 1)
            {
                break;
            }
        }

        context.Unsuppress();
        var ok = matches == 1;
        if (ok && winner is not null)
        {
            evaluated!.UnionWith(winner);
        }

        if (winner is not null)
        {
            context.ReturnSet(winner);
        }

        if (!ok && context.Collecting)
        {
            context.Report(SchemaPointer, matches == 0
                ? $"Value matches none of the {branches.Length} oneOf alternatives."
                : $"Value matches more than one oneOf alternative (at least {first} and {second}).");
        }

        return ok;
    }
}
