namespace Horreum.Migrations;

/// <summary>Migrations depend on each other in a cycle, so no order can satisfy them.</summary>
public sealed class CircularDependencyException : HorreumMigrationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="cycle">The migrations that depend on each other (ordinal order).</param>
    /// <param name="details">Further problems found in the same check, one per line; may be empty.</param>
    public CircularDependencyException(IReadOnlyList<string> cycle, string details = "")
        : base($"Migrations depend on each other in a cycle: {Members(cycle)}. Remove one of their dependencies; "
            + "`horreum validate` lists every problem." + (string.IsNullOrEmpty(details) ? "" : Environment.NewLine + details))
    {
        ArgumentNullException.ThrowIfNull(cycle);
        Cycle = cycle;
        MigrationId = cycle.Count > 0 ? cycle[0] : null;
    }

    /// <summary>The migrations that depend on each other.</summary>
    public IReadOnlyList<string> Cycle { get; }

    private static string Members(IReadOnlyList<string>? cycle) =>
        cycle is null ? "" : string.Join(", ", cycle.Select(i => $"'{i}'"));
}
