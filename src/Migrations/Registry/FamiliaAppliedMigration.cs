namespace Horreum.Migrations.Registry;

/// <summary>
/// A migration that Ruby Familia recorded as applied (<c>familia:migrations:applied</c> and <c>:metadata</c>). Read-only:
/// the runner never runs, rolls back or re-stamps it, and it never enters this project's registry.
/// </summary>
/// <param name="Id">The Ruby migration id.</param>
/// <param name="AppliedAt">When Familia applied it (the metadata's <c>applied_at</c>, else the applied set's score).</param>
/// <param name="Status">The metadata's <c>status</c> (<c>applied</c>), or null without metadata.</param>
/// <param name="DurationMs">The metadata's <c>duration_ms</c>.</param>
/// <param name="KeysScanned">The metadata's <c>keys_scanned</c>.</param>
/// <param name="KeysModified">The metadata's <c>keys_modified</c>.</param>
/// <param name="Errors">The metadata's <c>errors</c>.</param>
/// <param name="Reversible">The metadata's <c>reversible</c> (Familia writes 0 or 1).</param>
/// <param name="Note">Why part of the entry could not be read, or null.</param>
internal sealed record FamiliaAppliedMigration(string Id, DateTimeOffset? AppliedAt, string? Status, long? DurationMs, long? KeysScanned, long? KeysModified, long? Errors, bool? Reversible, string? Note);
