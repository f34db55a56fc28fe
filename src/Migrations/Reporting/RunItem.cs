using Horreum.Migrations.Engine;

namespace Horreum.Migrations.Reporting;

/// <summary>One migration in a <see cref="RunDocument"/>.</summary>
/// <param name="Id">The migration id.</param>
/// <param name="Outcome">applied, not_applicable, failed, would_apply or would_skip.</param>
/// <param name="Scanned">Records read.</param>
/// <param name="Modified">Records changed (dry run: that would change).</param>
/// <param name="FieldsChanged">Fields changed (dry run: that would change).</param>
/// <param name="Errors">Record errors.</param>
/// <param name="ErrorKeys">The first record errors with their keys.</param>
/// <param name="DurationMs">Wall time.</param>
/// <param name="RecordsPerSecond">Records read per second.</param>
/// <param name="Reason">Why it was not needed.</param>
/// <param name="Resumed">Whether it resumed from a checkpoint.</param>
/// <param name="Note">Why a dry run's preview is approximate.</param>
/// <param name="Error">Why it failed.</param>
/// <param name="Stats">Named counters.</param>
/// <param name="Findings">Values the migration reported without failing (e.g. ambiguous v1 values), per model and field.</param>
/// <param name="PlannedWrites">Dry run: the first 100 writes it would make.</param>
internal sealed record RunItem(
    string Id,
    MigrationState Outcome,
    long Scanned,
    long Modified,
    long FieldsChanged,
    long Errors,
    IReadOnlyList<ErrorKey> ErrorKeys,
    double DurationMs,
    double RecordsPerSecond,
    string? Reason,
    bool Resumed,
    string? Note,
    string? Error,
    IReadOnlyDictionary<string, long> Stats,
    IReadOnlyList<MigrationFinding> Findings,
    IReadOnlyList<string> PlannedWrites)
{
    /// <summary>How many planned writes a document carries at most.</summary>
    public const int MaxPlannedWrites = 100;

    /// <summary>Builds the item from one migration's result.</summary>
    public static RunItem From(MigrationResult m)
    {
        ArgumentNullException.ThrowIfNull(m);
        return new RunItem(m.Id, m.Outcome, m.Scanned, m.Modified, m.FieldsChanged, m.Errors,
            [.. m.ErrorSamples.Select(e => new ErrorKey(e.Key, e.Message))], m.Duration.TotalMilliseconds, m.RecordsPerSecond,
            m.Reason, m.Resumed, m.Note, m.Error, m.Stats, m.Findings, [.. m.PlannedWrites.Take(MaxPlannedWrites)]);
    }
}
