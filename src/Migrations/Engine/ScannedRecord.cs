namespace Horreum.Migrations.Engine;

/// <summary>One record as read by a scan: raw id, key and the hash exactly as stored.</summary>
internal sealed record ScannedRecord(string RawId, string Key, KeyValuePair<string, string?>[] Pairs);
