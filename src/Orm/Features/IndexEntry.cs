using Horreum.Orm.Modeling;

namespace Horreum.Orm.Features;

/// <summary>
/// One index entry: in a hash (<see cref="Field"/> → <see cref="Value"/>) for unique and lookup indexes, or a member
/// <see cref="Value"/> of a set for multi indexes.
/// </summary>
/// <param name="Index">The index.</param>
/// <param name="Key">The index key.</param>
/// <param name="Field">The hash field (the indexed value); null for a set member.</param>
/// <param name="Value">The hash value or set member.</param>
public sealed record IndexEntry(IndexMetadata Index, string Key, string? Field, string Value)
{
    /// <summary>How the entry reads in a plan: <c>HSET key field value</c> or <c>SADD key member</c>.</summary>
    public override string ToString() => Field is null ? $"{Key} ∋ {Value}" : $"{Key}[{Field}] = {Value}";
}
