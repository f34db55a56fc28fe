namespace Horreum.Orm.Modeling;

/// <summary>
/// A multi index on the property (<c>[Feature("relationships")]</c>): one set <c>{prefix}:{name}:{value}</c> per value,
/// holding the identifiers of every record with that value.
/// </summary>
/// <param name="name">The index name, e.g. <c>role_index</c>.</param>
[AttributeUsage(AttributeTargets.Property, Inherited = true)]
public sealed class MultiIndexAttribute(string name) : Attribute
{
    /// <summary>The index name (a key segment: no ':').</summary>
    public string Name { get; } = name;
}
