namespace Horreum.Migrations.Engine;

/// <summary>
/// A page of records and the SCAN cursor after it ("0": the scan is complete). <paramref name="ReadErrors"/> lists
/// keys whose read failed (e.g. WRONGTYPE): each is a record error, and the scan goes on.
/// </summary>
internal sealed record ScannedPage(IReadOnlyList<ScannedRecord> Records, string Cursor, IReadOnlyList<RecordReadError> ReadErrors)
{
    public ScannedPage(IReadOnlyList<ScannedRecord> records, string cursor)
        : this(records, cursor, [])
    {
    }
}
