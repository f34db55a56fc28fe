using System.Text.Json;

namespace Horreum.JsonSchema.Keywords;

/// <summary><c>allOf</c>: every branch's annotations flow to the parent, because all of them must succeed.</summary>
internal sealed class AllOfKeyword(string schemaPointer, SchemaNode[] branches) : Keyword(schemaPointer)
{
    public override IEnumerable<SchemaNode> InPlaceSubschemas => branches;

    public override bool Evaluate(JsonElement instance, EvaluationContext context, EvaluatedSet? evaluated)
    {
        var valid = true;
        foreach (var branch in branches)
        {
            if (!branch.Evaluate(instance, context, evaluated))
            {
                valid = false;
                if (!context.Collecting || context.DepthExceeded)
                {
                    return false;
                }
            }
        }

        return valid;
    }
}
