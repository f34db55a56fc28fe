using System.Text;
using System.Text.Json;

namespace Horreum.JsonSchema.Keywords;

/// <summary><c>dependentRequired</c> (and the string-array form of draft-7 <c>dependencies</c>).</summary>
internal sealed class DependentRequiredKeyword(string schemaPointer, IReadOnlyList<(string Property, string[] Required)> rules) : Keyword(schemaPointer)
{
    private readonly (byte[] Property, byte[][] Required)[] _utf8 =
        [.. rules.Select(r => (Encoding.UTF8.GetBytes(r.Property), r.Required.Select(Encoding.UTF8.GetBytes).ToArray()))];

    public override bool Evaluate(JsonElement instance, EvaluationContext context, EvaluatedSet? evaluated)
    {
        if (instance.ValueKind != JsonValueKind.Object)
        {
            return true;
        }

        var ok = true;
        for (var i = 0; i < _utf8.Length; i++)
        {
            if (!instance.TryGetProperty(_utf8[i].Property, out _))
            {
                continue;
            }

            var required = _utf8[i].Required;
            for (var j = 0; j < required.Length; j++)
            {
                if (!instance.TryGetProperty(required[j], out _))
                {
                    ok = false;
                    if (!context.Collecting)
                    {
                        return false;
                    }

                    context.Report(SchemaPointer, $"Property '{rules[i].Required[j]}' is required when '{rules[i].Property}' is present.");
                }
            }
        }

        return ok;
    }
}
