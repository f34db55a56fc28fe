namespace Horreum.JsonSchema;

/// <summary>Outcome of validating one instance.</summary>
/// <param name="IsValid">True when the instance satisfies the schema.</param>
/// <param name="Violations">Every violation found; empty when <paramref name="IsValid"/> is true.</param>
public sealed record JsonSchemaResult(bool IsValid, IReadOnlyList<JsonSchemaViolation> Violations)
{
    /// <summary>The shared result for a valid instance, so the happy path allocates nothing.</summary>
    public static JsonSchemaResult Valid { get; } = new(true, []);
}
