namespace Horreum.Orm.Modeling;

/// <summary>What an index keeps and how.</summary>
public enum IndexKind
{
    /// <summary>A hash <c>{prefix}:{name}</c>: value → raw identifier, one record per value.</summary>
    Unique,

    /// <summary>One set per value, <c>{prefix}:{name}:{value}</c>, of raw identifiers.</summary>
    Multi,

    /// <summary>
    /// The objid/extid lookups: a hash <c>{prefix}:{name}</c> of value → the identifier as JSON (Familia's layout),
    /// written without a uniqueness check (the values are random or derived from random ones).
    /// </summary>
    Lookup,
}
