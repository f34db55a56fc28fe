namespace Horreum.Migrations.Registry;

/// <summary>The value a hash field had before a migration changed it.</summary>
/// <param name="Key">The hash key, exactly as in Redis (any characters, ':' '{' '}' included).</param>
/// <param name="Field">The field name, exactly as in Redis.</param>
/// <param name="OldValue">The old value; null when the field did not exist, so a restore deletes it (an empty string is a value).</param>
public sealed record FieldBackup(string Key, string Field, string? OldValue);
