using Horreum.Migrations.Engine;

namespace Horreum.Migrations.Reporting;

/// <summary>One migration in a <see cref="StatusDocument"/>; the registry fields are null until it ran.</summary>
/// <param name="Id">The migration id.</param>
/// <param name="Description">Its description ("" when its code is gone).</param>
/// <param name="State">pending, applied, not_applicable, failed or rolled_back.</param>
/// <param name="AppliedAt">When the latest status was recorded (UTC).</param>
/// <param name="DurationMs">How long its latest step took.</param>
/// <param name="Scanned">Records read.</param>
/// <param name="Modified">Records changed.</param>
/// <param name="Errors">Record errors.</param>
/// <param name="Reason">Why it was not applicable.</param>
/// <param name="Error">Why it failed.</param>
/// <param name="Checksum">Checksum recorded when it ran.</param>
/// <param name="ChecksumChanged">Applied, and its code changed since.</param>
/// <param name="CodeMissing">Recorded, but no loaded migration has this id.</param>
internal sealed record StatusItem(
    string Id,
    string Description,
    MigrationState State,
    DateTime? AppliedAt,
    double? DurationMs,
    long? Scanned,
    long? Modified,
    long? Errors,
    string? Reason,
    string? Error,
    string? Checksum,
    bool ChecksumChanged,
    bool CodeMissing)
{
    /// <summary>Builds the item from one status entry.</summary>
    public static StatusItem From(MigrationStatusEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var r = entry.Record;
        return new StatusItem(entry.Id, entry.Description, entry.State, r?.AppliedAt, r?.DurationMs, r?.Scanned, r?.Modified, r?.Errors,
            r?.Reason, r?.Error, r?.Checksum, entry.ChecksumChanged, entry.CodeMissing);
    }
}
