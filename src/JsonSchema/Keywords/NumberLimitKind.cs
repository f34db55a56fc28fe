namespace Horreum.JsonSchema.Keywords;

/// <summary>Which numeric bound a <see cref="NumberLimitKeyword"/> checks.</summary>
internal enum NumberLimitKind
{
    Minimum,
    ExclusiveMinimum,
    Maximum,
    ExclusiveMaximum,
}
