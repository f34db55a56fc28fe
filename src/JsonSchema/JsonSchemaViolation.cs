namespace Horreum.JsonSchema;

/// <summary>One reason an instance does not satisfy a schema.</summary>
/// <param name="InstancePointer">JSON Pointer (RFC 6901) to the offending value in the instance; empty for the root.</param>
/// <param name="SchemaPointer">
/// Location of the failing keyword: a JSON Pointer into the root schema (for example <c>/properties/age/minimum</c>),
/// or <c>uri#/pointer</c> when the keyword lives in another registered schema document.
/// </param>
/// <param name="Message">Human-readable explanation.</param>
public sealed record JsonSchemaViolation(string InstancePointer, string SchemaPointer, string Message)
{
    /// <summary>
    /// The JSON Pointer of member <paramref name="name"/> under <paramref name="parentPointer"/>, escaped as RFC 6901
    /// requires (<c>~</c> → <c>~0</c>, <c>/</c> → <c>~1</c>), for validators that report their own violations.
    /// </summary>
    /// <param name="parentPointer">The parent's pointer; empty for the root.</param>
    /// <param name="name">The member name, unescaped.</param>
    /// <returns>For example <c>/address/a~1b</c> for member <c>a/b</c> under <c>/address</c>.</returns>
    public static string MemberPointer(string parentPointer, string name)
    {
        ArgumentNullException.ThrowIfNull(parentPointer);
        ArgumentNullException.ThrowIfNull(name);
        return JsonPointerText.Append(parentPointer, name);
    }
}
