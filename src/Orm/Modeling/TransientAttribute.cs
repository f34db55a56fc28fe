namespace Horreum.Orm.Modeling;

/// <summary>
/// A <see cref="RedactedString"/> property that is never stored (<c>[Feature("transient_fields")]</c>), as Familia's
/// <c>transient_field</c>: it lives in memory only, and its type never prints its value.
/// </summary>
[AttributeUsage(AttributeTargets.Property, Inherited = true)]
public sealed class TransientAttribute : Attribute
{
}
