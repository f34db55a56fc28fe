namespace Horreum.Orm.Schema.Keywords;

/// <summary>Which numeric bound a <see cref="NumberLimitKeyword"/> checks.</summary>
internal enum NumberLimitKind
{
    Minimum,
    ExclusiveMinimum,
    Maximum,
    ExclusiveMaximum,
}
