namespace Horreum.Migrations.Engine;

/// <summary>
/// One record of the page the pass is on: raw id, key, and its index in the page (where its stored bytes are).
/// Valid only while the pass is on that page.
/// </summary>
internal readonly record struct ScannedRecord(string RawId, string Key, int Index);
