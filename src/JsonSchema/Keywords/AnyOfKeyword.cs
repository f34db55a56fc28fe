using System.Text.Json;

namespace Horreum.JsonSchema.Keywords;

/// <summary>
/// <c>anyOf</c>: stops at the first success unless annotations are wanted, in which case every successful
/// branch contributes (the specification requires all branches to be evaluated for unevaluated*).
/// </summary>
internal sealed class AnyOfKeyword(string schemaPointer, SchemaNode[] branches) : Keyword(schemaPointer)
{
    public override IEnumerable<SchemaNode> InPlaceSubschemas => branches;

    public override bool Evaluate(JsonElement instance, EvaluationContext context, EvaluatedSet? evaluated)
    {
        var any = false;
        context.Suppress();
        foreach (var branch in branches)
        {
            if (evaluated is null)
            {
                if (branch.Evaluate(instance, context, null))
                {
                    any = true;
                    break;
                }

                continue;
            }

            var local = context.RentSet();
            if (branch.Evaluate(instance, context, local))
            {
                any = true;
                evaluated.UnionWith(local);
            }

            context.ReturnSet(local);
        }

        context.Unsuppress();
        if (!any && context.Collecting)
        {
            context.Report(SchemaPointer, $"Value matches none of the {branches.Length} anyOf alternatives.");
        }

        return any;
    }
}
