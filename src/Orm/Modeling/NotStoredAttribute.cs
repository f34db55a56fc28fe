namespace Horreum.Orm.Modeling;

/// <summary>Keeps a read/write property out of the stored hash.</summary>
[AttributeUsage(AttributeTargets.Property, Inherited = true)]
public sealed class NotStoredAttribute : Attribute
{
}
