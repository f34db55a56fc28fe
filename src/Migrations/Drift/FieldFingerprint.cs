namespace Horreum.Migrations.Drift;

/// <summary>One persistent property as fingerprinted.</summary>
/// <param name="Property">The CLR property name.</param>
/// <param name="Storage">The hash field name.</param>
/// <param name="Type">The CLR type, C#-style (<c>int?</c>, <c>List&lt;string&gt;</c>).</param>
public sealed record FieldFingerprint(string Property, string Storage, string Type);
