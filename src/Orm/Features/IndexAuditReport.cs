namespace Horreum.Orm.Features;

/// <summary>
/// How a model's indexes differ from its records: entries a rebuild would add (missing) and remove (stale), and
/// unique values held by two live records (conflicts, which no rebuild can settle).
/// </summary>
/// <param name="Scanned">Records read.</param>
/// <param name="Missing">Entries the records imply that the indexes lack.</param>
/// <param name="Stale">Entries that name a missing record or a value the record no longer has.</param>
/// <param name="Conflicts">Records whose unique value another live record holds in the index.</param>
public sealed record IndexAuditReport(long Scanned, IReadOnlyList<IndexEntry> Missing, IReadOnlyList<IndexEntry> Stale, IReadOnlyList<IndexEntry> Conflicts)
{
    /// <summary>Whether every index equals what a rebuild would produce.</summary>
    public bool IsClean => Missing.Count == 0 && Stale.Count == 0 && Conflicts.Count == 0;
}
