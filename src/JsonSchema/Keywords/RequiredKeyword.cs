using System.Text;
using System.Text.Json;

namespace Horreum.JsonSchema.Keywords;

/// <summary><c>required</c>; names are pre-encoded as UTF-8 so lookups do not allocate.</summary>
internal sealed class RequiredKeyword(string schemaPointer, string[] names) : Keyword(schemaPointer)
{
    private readonly byte[][] _utf8 = [.. names.Select(Encoding.UTF8.GetBytes)];

    public override bool Evaluate(JsonElement instance, EvaluationContext context, EvaluatedSet? evaluated)
    {
        if (instance.ValueKind != JsonValueKind.Object)
        {
            return true;
        }

        var ok = true;
        for (var i = 0; i < _utf8.Length; i++)
        {
            if (!instance.TryGetProperty(_utf8[i], out _))
            {
                ok = false;
                if (!context.Collecting)
                {
                    return false;
                }

                context.Report(SchemaPointer, $"Required property '{names[i]}' is missing.");
            }
        }

        return ok;
    }
}
