namespace Horreum.Orm.Modeling;

/// <summary>
/// Marks the string property that holds the record's objid (<c>[Feature("object_identifier")]</c>): generated on the
/// first save when empty, kept in <c>{prefix}:objid_lookup</c>. It is often also the <c>[Identifier]</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Property, Inherited = true)]
public sealed class ObjectIdentifierAttribute : Attribute
{
    /// <summary>The generator for new objids (default <see cref="ObjidGenerator.UuidV7"/>).</summary>
    public ObjidGenerator Generator { get; set; } = ObjidGenerator.UuidV7;
}
