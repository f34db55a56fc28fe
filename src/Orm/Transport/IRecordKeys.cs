namespace Horreum.Orm.Transport;

/// <summary>The records of one flushed page of writes, found again by index when Redis refuses one of their commands.</summary>
internal interface IRecordKeys
{
    /// <summary>The number of records of the page.</summary>
    int Count { get; }

    /// <summary>The key of record <paramref name="index"/> of the page (allocates: error path only).</summary>
    string KeyAt(int index);
}
