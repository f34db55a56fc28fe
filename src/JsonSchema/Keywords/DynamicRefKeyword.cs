using System.Text.Json;

namespace Horreum.JsonSchema.Keywords;

/// <summary>
/// <c>$dynamicRef</c>: when the statically resolved target carries a matching <c>$dynamicAnchor</c>, the outermost
/// resource in the dynamic scope that declares that anchor wins.
/// </summary>
internal sealed class DynamicRefKeyword(string schemaPointer, string reference) : Keyword(schemaPointer)
{
    public string Reference { get; } = reference;

    public SchemaNode? Target { get; set; }

    /// <summary>The anchor name when the static target is bookended by a <c>$dynamicAnchor</c>; otherwise this acts as <c>$ref</c>.</summary>
    public string? DynamicName { get; set; }

    public override bool Evaluate(JsonElement instance, EvaluationContext context, EvaluatedSet? evaluated)
    {
        var target = Target!;
        if (DynamicName is { } name)
        {
            foreach (var resource in context.Scope)
            {
                if (resource.DynamicNodes.TryGetValue(name, out var node))
                {
                    target = node;
                    break;
                }
            }
        }

        return target.Evaluate(instance, context, evaluated);
    }
}
