namespace Horreum.Orm.Serialization;

/// <summary>A value read in lenient mode that was not in the v2 format (reported, not an error).</summary>
/// <param name="Key">The Redis key.</param>
/// <param name="Field">The hash field.</param>
/// <param name="ExpectedType">The declared CLR type.</param>
/// <param name="RawPreview">A preview of the stored value.</param>
/// <param name="Message">What was done with it.</param>
public sealed record ReadIssue(string Key, string Field, Type ExpectedType, string RawPreview, string Message);
