using System.Text.Json;

namespace Horreum.JsonSchema.Keywords;

/// <summary><c>uniqueItems</c> by JSON equality (1 equals 1.0; objects ignore member order).</summary>
internal sealed class UniqueItemsKeyword(string schemaPointer) : Keyword(schemaPointer)
{
    public override bool Evaluate(JsonElement instance, EvaluationContext context, EvaluatedSet? evaluated)
    {
        if (instance.ValueKind != JsonValueKind.Array)
        {
            return true;
        }

        var n = instance.GetArrayLength();
        for (var i = 0; i < n; i++)
        {
            var a = instance[i];
            for (var j = i + 1; j < n; j++)
            {
                if (JsonEquality.AreEqual(a, instance[j]))
                {
                    if (context.Collecting)
                    {
                        context.Report(SchemaPointer, $"Items {i} and {j} are equal; items must be unique.");
                    }

                    return false;
                }
            }
        }

        return true;
    }
}
