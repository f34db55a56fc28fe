namespace Horreum.Orm.Modeling;

/// <summary>
/// Marks the string property that holds the record's extid (<c>[Feature("external_identifier")]</c>): derived from the
/// objid as Familia derives it, kept in <c>{prefix}:extid_lookup</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Property, Inherited = true)]
public sealed class ExternalIdentifierAttribute : Attribute
{
    /// <summary>The format; <c>%{id}</c> is replaced by the 25 base-36 characters (default <c>ext_%{id}</c>).</summary>
    public string Format { get; set; } = "ext_%{id}";
}
