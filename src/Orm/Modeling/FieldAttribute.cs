namespace Horreum.Orm.Modeling;

/// <summary>Overrides the storage name of a persistent property (snake_case of the property name by default).</summary>
/// <param name="name">The hash field name.</param>
[AttributeUsage(AttributeTargets.Property, Inherited = true)]
public sealed class FieldAttribute(string name) : Attribute
{
    /// <summary>The hash field name.</summary>
    public string Name { get; } = name;
}
