using System.Text.Json;

namespace Horreum.JsonSchema.Keywords;

/// <summary>One compiled assertion or applicator. Instances are immutable after load and shared across threads.</summary>
internal abstract class Keyword(string schemaPointer)
{
    /// <summary>Where the keyword sits in its schema document, for violations.</summary>
    public string SchemaPointer { get; } = schemaPointer;

    /// <summary>Subschemas applied to the same instance location; a cycle through these would never terminate.</summary>
    public virtual IEnumerable<SchemaNode> InPlaceSubschemas => [];

    /// <summary>
    /// Evaluates the keyword. Reports violations only when <see cref="EvaluationContext.Collecting"/>; records
    /// evaluated members into <paramref name="evaluated"/> when it is not null.
    /// </summary>
    public abstract bool Evaluate(JsonElement instance, EvaluationContext context, EvaluatedSet? evaluated);
}
