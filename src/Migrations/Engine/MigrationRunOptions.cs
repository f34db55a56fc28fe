namespace Horreum.Migrations.Engine;

/// <summary>What a run does.</summary>
public sealed record MigrationRunOptions
{
    /// <summary>True (default): read and decide everything, write nothing (registry included).</summary>
    public bool DryRun { get; init; } = true;

    /// <summary>Run at most this many pending migrations.</summary>
    public int? Limit { get; init; }

    /// <summary>Run only this migration (its dependencies must be applied).</summary>
    public string? Only { get; init; }
}
