using System.Text.Json.Serialization;

namespace Horreum.Migrations.Registry;

/// <summary>
/// Where an interrupted Model or Pipeline migration stands: the SCAN cursor to continue from and the counts up to
/// it, plus the journal of records changed after that cursor (so a resumed run counts them once, not zero times).
/// </summary>
public sealed record MigrationCheckpoint
{
    /// <summary>The SCAN cursor to continue from (<c>"0"</c>: from the start, only a journal was written).</summary>
    public string Cursor { get; init; } = "0";

    /// <summary>Records read up to <see cref="Cursor"/>.</summary>
    public long Scanned { get; init; }

    /// <summary>Records changed up to <see cref="Cursor"/>.</summary>
    public long Modified { get; init; }

    /// <summary>Fields changed up to <see cref="Cursor"/>.</summary>
    public long FieldsChanged { get; init; }

    /// <summary>Record errors up to <see cref="Cursor"/>.</summary>
    public long Errors { get; init; }

    /// <summary>Named counters up to <see cref="Cursor"/>.</summary>
    public IReadOnlyDictionary<string, long> Stats { get; init; } = new Dictionary<string, long>();

    /// <summary>Checksum of the migration that wrote it; a checkpoint of changed code is not resumed.</summary>
    public string? Checksum { get; init; }

    /// <summary>
    /// The Redis server's <c>run_id</c> when it was written: a cursor is only valid on the same server process, so
    /// after a restart the scan starts over (keeping the changed-record counts, which stay exact).
    /// </summary>
    public string? ServerRunId { get; init; }

    /// <summary>The run (lock run id) that wrote it.</summary>
    public string? RunId { get; init; }

    /// <summary>When it was written, UTC.</summary>
    public DateTime SavedAt { get; init; }

    /// <summary>
    /// Records changed (or about to be) after <see cref="Cursor"/>: object key to the number of fields changed.
    /// Written before the change itself, so a kill can never leave a changed record that no one counted.
    /// </summary>
    [JsonIgnore]
    public IReadOnlyDictionary<string, long> Journal { get; init; } = new Dictionary<string, long>();
}
