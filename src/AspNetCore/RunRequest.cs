namespace Horreum.AspNetCore;

/// <summary>The body of <c>POST …/api/dry-run</c> and <c>POST …/api/run</c>; every field optional, an empty body is fine.</summary>
/// <param name="Only">Run only this migration id.</param>
/// <param name="Limit">Run at most this many pending migrations.</param>
/// <param name="MaxRecordsPerSecond">Throttle: records read per second at most (to spare a production server).</param>
internal sealed record RunRequest(string? Only = null, int? Limit = null, double? MaxRecordsPerSecond = null)
{
    public string? Check() =>
        Limit is < 0 ? $"limit must be 0 or more, not {Limit}."
        : MaxRecordsPerSecond is { } max && (!double.IsFinite(max) || max <= 0) ? $"max_records_per_second must be a positive number, not {max}."
        : Only is { Length: 0 } ? "only must be a migration id, not an empty string."
        : null;
}
