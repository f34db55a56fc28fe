namespace Horreum.Orm.Features;

/// <summary>How an index entry a record implies stands in Redis.</summary>
internal enum EntryState
{
    Present,
    Missing,
    Conflict,
}
