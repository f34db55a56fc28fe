using System.Text.Json;

namespace Horreum.JsonSchema.Keywords;

/// <summary><c>enum</c> and <c>const</c> (a one-element enum), by JSON equality.</summary>
internal sealed class EnumKeyword(string schemaPointer, JsonElement[] values, bool isConst) : Keyword(schemaPointer)
{
    public override bool Evaluate(JsonElement instance, EvaluationContext context, EvaluatedSet? evaluated)
    {
        foreach (var value in values)
        {
            if (JsonEquality.AreEqual(instance, value))
            {
                return true;
            }
        }

        if (context.Collecting)
        {
            context.Report(SchemaPointer, isConst
                ? $"Value must equal {values[0].GetRawText()}."
                : $"Value must be one of {string.Join(", ", values.Select(v => v.GetRawText()))}.");
        }

        return false;
    }
}
