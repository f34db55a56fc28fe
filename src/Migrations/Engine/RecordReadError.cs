namespace Horreum.Migrations.Engine;

/// <summary>A key the scan found but could not read as a hash.</summary>
internal sealed record RecordReadError(string Key, Exception Error);
