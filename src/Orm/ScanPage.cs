namespace Horreum.Orm;

/// <summary>
/// One SCAN step over a model's object keys: the raw identifiers it returned and the cursor to continue from.
/// Keeping <see cref="Cursor"/> lets a long scan be resumed later (a migration checkpoint stores it).
/// </summary>
/// <param name="Ids">Raw identifiers found in this step (may be empty; SCAN may repeat an id across steps).</param>
/// <param name="Cursor">The cursor for the next step; <c>"0"</c> when the scan is complete.</param>
public sealed record ScanPage(IReadOnlyList<string> Ids, string Cursor)
{
    /// <summary>True when this was the last step (<see cref="Cursor"/> is <c>"0"</c>).</summary>
    public bool IsLast => Cursor == "0";
}
