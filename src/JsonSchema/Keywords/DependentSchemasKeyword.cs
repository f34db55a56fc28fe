using System.Text;
using System.Text.Json;

namespace Horreum.JsonSchema.Keywords;

/// <summary><c>dependentSchemas</c> (and the schema form of draft-7 <c>dependencies</c>), applied to the same object.</summary>
internal sealed class DependentSchemasKeyword(string schemaPointer, IReadOnlyList<(string Property, SchemaNode Node)> rules) : Keyword(schemaPointer)
{
    private readonly (byte[] Property, SchemaNode Node)[] _rules = [.. rules.Select(r => (Encoding.UTF8.GetBytes(r.Property), r.Node))];

    public override IEnumerable<SchemaNode> InPlaceSubschemas => _rules.Select(r => r.Node);

    public override bool Evaluate(JsonElement instance, EvaluationContext context, EvaluatedSet? evaluated)
    {
        if (instance.ValueKind != JsonValueKind.Object)
        {
            return true;
        }

        var valid = true;
        foreach (var (property, node) in _rules)
        {
            if (instance.TryGetProperty(property, out _) && !node.Evaluate(instance, context, evaluated))
            {
                valid = false;
                if (!context.Collecting)
                {
                    return false;
                }
            }
        }

        return valid;
    }
}
