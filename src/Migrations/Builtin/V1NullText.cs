namespace Horreum.Migrations.Builtin;

/// <summary>
/// What the v1 → v2 upgrade does with the text <c>null</c> stored in a string field. It is ambiguous: v1 had no
/// JSON null (nil was <c>""</c>), so there it was the word "null"; Familia 2.0–2.11 wrote nil as <c>null</c>; and
/// the mapper reads a stored <c>null</c> as null. The dry run lists such values per model and field
/// (<c>ambiguous null</c>) so you can choose before the real run.
/// </summary>
public enum V1NullText
{
    /// <summary>Leave the value as stored (the default: nothing is lost either way). The mapper reads it as null.</summary>
    Leave,

    /// <summary>It is the word: write the JSON string <c>"null"</c> (v1 data from Familia 1.x).</summary>
    Text,

    /// <summary>It is nil: remove the field (data written by Familia 2.0–2.11).</summary>
    Nil,
}
