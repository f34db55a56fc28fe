using System.Text.Json;

namespace Horreum.JsonSchema.Keywords;

/// <summary><c>$ref</c>, resolved at load time; the target is attached once compilation has reached it.</summary>
internal sealed class RefKeyword(string schemaPointer, string reference) : Keyword(schemaPointer)
{
    public string Reference { get; } = reference;

    public SchemaNode? Target { get; set; }

    public override IEnumerable<SchemaNode> InPlaceSubschemas => Target is null ? [] : [Target];

    public override bool Evaluate(JsonElement instance, EvaluationContext context, EvaluatedSet? evaluated) =>
        Target!.Evaluate(instance, context, evaluated);
}
