namespace Horreum.Orm.Modeling;

/// <summary>
/// A unique index on the property (<c>[Feature("relationships")]</c>): the hash <c>{prefix}:{name}</c> maps each value
/// to the one record that holds it. A save of a value another record holds fails with
/// <see cref="RecordExistsException"/> and writes nothing.
/// </summary>
/// <param name="name">The index name, e.g. <c>email_lookup</c>.</param>
[AttributeUsage(AttributeTargets.Property, Inherited = true)]
public sealed class UniqueIndexAttribute(string name) : Attribute
{
    /// <summary>The index name (a key segment: no ':').</summary>
    public string Name { get; } = name;
}
