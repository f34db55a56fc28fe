namespace Horreum.Orm.Modeling;

/// <summary>
/// How a model is laid out in Redis: the key prefix, hash field names, value text, instances scores, collection
/// members and timestamps. Chosen per model (<see cref="ModelAttribute.Profile"/>) or per client
/// (<see cref="HorreumOptions.Profile"/>); the model's choice wins. See docs/familia-interop.md.
/// </summary>
public enum StorageProfile
{
    /// <summary>
    /// The mapper's own v2 format (default): snake_case names at every depth, JSON text from System.Text.Json,
    /// ISO-8601 dates, full-precision floats.
    /// </summary>
    Horreum = 0,

    /// <summary>
    /// What Ruby Familia 2.12 (with Oj) writes and reads, byte for byte: class-name prefixes without a break before
    /// digits, field names as declared in Ruby, Oj strict JSON text (15 significant digits for floats, raw UTF-8),
    /// float epoch-second timestamps, and Familia's instances scores.
    /// </summary>
    Familia = 1,
}
