using Horreum.Migrations.Drift;

namespace Horreum.Migrations.Reporting;

/// <summary><c>horreum drift --json</c> and <c>GET …/api/drift</c>.</summary>
/// <param name="Severity">The worst finding's severity (none, additive, changed, incompatible).</param>
/// <param name="RecordsChecked">Records read for data drift (0 when not checked).</param>
/// <param name="Items">The findings.</param>
internal sealed record DriftDocument(DriftSeverity Severity, long RecordsChecked, IReadOnlyList<DriftFinding> Items)
{
    /// <summary>Builds the document from a drift report.</summary>
    public static DriftDocument From(DriftReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new DriftDocument(report.Severity, report.RecordsChecked,
            [.. report.Items.Select(i => new DriftFinding(i.Kind, i.Subject, i.Field, i.Change, i.Detail, i.Severity, i.Count, i.ExampleKeys))]);
    }
}
