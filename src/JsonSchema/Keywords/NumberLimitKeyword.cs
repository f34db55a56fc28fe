using System.Text.Json;

namespace Horreum.JsonSchema.Keywords;

/// <summary>minimum/maximum and their exclusive forms, compared exactly on the number text.</summary>
internal sealed class NumberLimitKeyword(string schemaPointer, NumberLimitKind kind, JsonElement limit) : Keyword(schemaPointer)
{
    private readonly byte[] _limit = JsonNumber.Raw(limit).ToArray();

    public override bool Evaluate(JsonElement instance, EvaluationContext context, EvaluatedSet? evaluated)
    {
        if (instance.ValueKind != JsonValueKind.Number)
        {
            return true;
        }

        var c = JsonNumber.Compare(JsonNumber.Raw(instance), _limit);
        var ok = kind switch
        {
            NumberLimitKind.Minimum => c >= 0,
            NumberLimitKind.ExclusiveMinimum => c > 0,
            NumberLimitKind.Maximum => c <= 0,
            _ => c < 0,
        };
        if (!ok && context.Collecting)
        {
            var limitText = System.Text.Encoding.UTF8.GetString(_limit);
            var rule = kind switch
            {
                NumberLimitKind.Minimum => $"at least {limitText}",
                NumberLimitKind.ExclusiveMinimum => $"greater than {limitText}",
                NumberLimitKind.Maximum => $"at most {limitText}",
                _ => $"less than {limitText}",
            };
            context.Report(SchemaPointer, $"Value {instance.GetRawText()} must be {rule}.");
        }

        return ok;
    }
}
