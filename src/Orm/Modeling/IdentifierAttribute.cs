namespace Horreum.Orm.Modeling;

/// <summary>Marks the property whose value identifies a record (string, Guid, int or long). It goes into keys raw.</summary>
[AttributeUsage(AttributeTargets.Property, Inherited = true)]
public sealed class IdentifierAttribute : Attribute
{
}
