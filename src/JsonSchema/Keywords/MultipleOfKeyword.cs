using System.Text.Json;

namespace Horreum.JsonSchema.Keywords;

/// <summary>
/// <c>multipleOf</c>: exact in decimal when both numbers fit (so 0.0075 is a multiple of 0.0001), otherwise double,
/// where an overflowing quotient is decided without throwing.
/// </summary>
internal sealed class MultipleOfKeyword : Keyword
{
    private readonly decimal? _decimal;
    private readonly double _double;
    private readonly bool _reciprocalIsInteger;
    private readonly string _text;

    public MultipleOfKeyword(string schemaPointer, JsonElement divisor)
        : base(schemaPointer)
    {
        _decimal = divisor.TryGetDecimal(out var d) ? d : null;
        _double = divisor.GetDouble();
        var reciprocal = 1.0 / _double;
        _reciprocalIsInteger = double.IsFinite(reciprocal) && Math.Floor(reciprocal) == reciprocal;
        _text = divisor.GetRawText();
    }

    public override bool Evaluate(JsonElement instance, EvaluationContext context, EvaluatedSet? evaluated)
    {
        if (instance.ValueKind != JsonValueKind.Number)
        {
            return true;
        }

        bool ok;
        if (_decimal is { } d && instance.TryGetDecimal(out var x))
        {
            ok = x % d == 0m;
        }
        else
        {
            var value = instance.TryGetDouble(out var v) ? v : double.PositiveInfinity;
            var quotient = value / _double;
            ok = double.IsFinite(quotient)
                ? Math.Floor(quotient) == quotient
                : JsonNumber.IsInteger(instance) && _reciprocalIsInteger;
        }

        if (!ok && context.Collecting)
        {
            context.Report(SchemaPointer, $"Value {instance.GetRawText()} must be a multiple of {_text}.");
        }

        return ok;
    }
}
