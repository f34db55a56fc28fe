namespace Horreum.Migrations;

/// <summary>The answer of <see cref="Migration.IsNeededAsync"/>: needed, or not needed with a reason that is recorded.</summary>
/// <param name="IsNeeded">Whether the migration has work to do.</param>
/// <param name="Reason">Why not, when it is not needed.</param>
public sealed record Necessity(bool IsNeeded, string? Reason)
{
    /// <summary>The migration has work to do.</summary>
    public static Necessity Needed { get; } = new(true, null);

    /// <summary>Nothing to do, for <paramref name="reason"/> (recorded as <c>not_applicable</c>).</summary>
    public static Necessity NotNeeded(string reason) => new(false, reason);
}
