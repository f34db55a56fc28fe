namespace Horreum.Migrations.Planning;

/// <summary>
/// What the planner needs to know about a migration: its id, a description and the ids it depends on.
/// Any migration type can be described by one, so ordering does not depend on how migrations are written.
/// </summary>
internal sealed record MigrationDescriptor
{
    /// <summary>Creates a descriptor.</summary>
    /// <param name="id">The id, <c>yyyyMMdd_HHmmss_snake_name</c>.</param>
    /// <param name="description">What the migration does, for people.</param>
    /// <param name="dependsOn">Ids that must be applied first; repeated ids are kept once.</param>
    public MigrationDescriptor(string id, string description = "", IEnumerable<string>? dependsOn = null)
    {
        ArgumentNullException.ThrowIfNull(id);
        Id = id;
        Description = description ?? "";
        DependsOn = dependsOn is null ? [] : dependsOn.Distinct(StringComparer.Ordinal).ToArray();
    }

    /// <summary>The id, <c>yyyyMMdd_HHmmss_snake_name</c>.</summary>
    public string Id { get; }

    /// <summary>What the migration does.</summary>
    public string Description { get; }

    /// <summary>Ids that must be applied before this one, without repeats.</summary>
    public IReadOnlyList<string> DependsOn { get; }
}
