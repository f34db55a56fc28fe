namespace Horreum.Orm.Schema;

/// <summary>One reason an instance does not satisfy a schema.</summary>
/// <param name="InstancePointer">JSON Pointer (RFC 6901) to the offending value in the instance; empty for the root.</param>
/// <param name="SchemaPointer">
/// Location of the failing keyword: a JSON Pointer into the root schema (for example <c>/properties/age/minimum</c>),
/// or <c>uri#/pointer</c> when the keyword lives in another registered schema document.
/// </param>
/// <param name="Message">Human-readable explanation.</param>
public sealed record JsonSchemaViolation(string InstancePointer, string SchemaPointer, string Message);
