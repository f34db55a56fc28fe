namespace Horreum.Migrations.Engine;

/// <summary>One field of a record's write: the new text (null for a removal) and the text it replaces (null: absent).</summary>
/// <param name="Name">The storage name.</param>
/// <param name="Value">The new text; null when the field is removed.</param>
/// <param name="Old">The stored text before the change, for the field backup; null when the field did not exist.</param>
internal readonly record struct FieldWrite(string Name, string? Value, string? Old);
