namespace Horreum.Orm.Transport;

/// <summary>
/// Decides the change for one record: reads what it needs from <paramref name="record"/> and puts field writes
/// and deletions into <paramref name="changes"/> (left empty: no write). Called on the pass's own loop, one record at
/// a time; an exception stops the pass.
/// </summary>
/// <param name="record">The hash as stored; valid only during the call.</param>
/// <param name="changes">Empty on entry; reused for the next record after the call.</param>
internal delegate void BulkTransform(BulkRecord record, BulkChanges changes);
