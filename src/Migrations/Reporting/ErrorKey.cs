namespace Horreum.Migrations.Reporting;

/// <summary>A record that failed in a run: its key and what went wrong.</summary>
/// <param name="Key">The record's key.</param>
/// <param name="Message">The error.</param>
internal sealed record ErrorKey(string Key, string Message);
