namespace Horreum.Migrations.Drift;

/// <summary>Every difference found; as severe as its worst item.</summary>
/// <param name="Items">The differences.</param>
/// <param name="RecordsChecked">Records read for data drift (0 when not checked).</param>
public sealed record DriftReport(IReadOnlyList<DriftItem> Items, long RecordsChecked = 0)
{
    /// <summary>The worst item's severity, or None.</summary>
    public DriftSeverity Severity => Items.Count == 0 ? DriftSeverity.None : Items.Max(i => i.Severity);

    /// <summary>Whether anything differs.</summary>
    public bool HasDrift => Items.Count > 0;

    /// <summary>Throws <see cref="DriftDetectedException"/> when the report is at least <paramref name="threshold"/>.</summary>
    public void AssertNone(DriftSeverity threshold = DriftSeverity.Additive)
    {
        if (Items.Count > 0 && Severity >= threshold)
        {
            throw new DriftDetectedException(this);
        }
    }
}
