using System.Text.Json;

namespace Horreum.JsonSchema.Keywords;

/// <summary><c>not</c>: the subschema must fail; its annotations are always dropped.</summary>
internal sealed class NotKeyword(string schemaPointer, SchemaNode node) : Keyword(schemaPointer)
{
    public override IEnumerable<SchemaNode> InPlaceSubschemas => [node];

    public override bool Evaluate(JsonElement instance, EvaluationContext context, EvaluatedSet? evaluated)
    {
        context.Suppress();
        var inner = node.Evaluate(instance, context, null);
        context.Unsuppress();
        if (context.DepthExceeded)
        {
            return false;
        }

        if (inner && context.Collecting)
        {
            context.Report(SchemaPointer, "Value must not match the 'not' schema.");
        }

        return !inner;
    }
}
