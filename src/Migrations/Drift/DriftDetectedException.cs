namespace Horreum.Migrations.Drift;

/// <summary>An assert-style drift check found differences.</summary>
public sealed class DriftDetectedException : HorreumMigrationException
{
    /// <summary>Creates the exception for <paramref name="report"/>.</summary>
    public DriftDetectedException(DriftReport report)
        : base($"Drift ({report?.Severity}): " + string.Join("; ", (report?.Items ?? []).Take(10).Select(i => $"{i.Subject}{(i.Field is null ? "" : "." + i.Field)} {i.Change}")) + ". Run `horreum drift` for details; `horreum new NAME` scaffolds a migration for model changes.")
    {
        Report = report ?? new DriftReport([]);
    }

    /// <summary>Creates the exception.</summary>
    public DriftDetectedException() => Report = new DriftReport([]);

    /// <summary>Creates the exception.</summary>
    public DriftDetectedException(string message) : base(message) => Report = new DriftReport([]);

    /// <summary>Creates the exception.</summary>
    public DriftDetectedException(string message, Exception innerException) : base(message, innerException) => Report = new DriftReport([]);

    /// <summary>The report.</summary>
    public DriftReport Report { get; }
}
