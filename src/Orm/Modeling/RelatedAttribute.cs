namespace Horreum.Orm.Modeling;

/// <summary>
/// Options for a related collection property (a <c>Horreum*</c> collection type), stored at <c>{prefix}:{id}:{name}</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Property, Inherited = true)]
public sealed class RelatedAttribute : Attribute
{
    /// <summary>The key suffix; snake_case of the property name by default. Must not contain ':'.</summary>
    public string? Name { get; set; }

    /// <summary>
    /// When set, the members are identifiers of that model and are stored raw (never JSON-quoted), as in keys
    /// and the instances set.
    /// </summary>
    public Type? References { get; set; }

    /// <summary>
    /// The collection's own time to live in seconds (0: none of its own). With the <c>expiration</c> feature, a save
    /// sets this on the collection instead of the model's default, as Familia's <c>default_expiration:</c> option does.
    /// </summary>
    public double Expiration { get; set; }
}
