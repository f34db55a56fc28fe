using Horreum.Migrations.Reporting;

namespace Horreum.AspNetCore;

/// <summary>
/// The progress stream's <c>state</c> event and <c>GET …/api/run</c>: the run this server started last, whether it
/// is still going, its latest progress, and its result once it ended.
/// </summary>
/// <param name="Running">Whether a run started here is in progress.</param>
/// <param name="RunId">Its id (the lock token's run id); null before the first run.</param>
/// <param name="StartedAt">When it started (UTC).</param>
/// <param name="Progress">The latest progress report of the current migration.</param>
/// <param name="Result">The result, once it ended.</param>
/// <param name="Error">Why it stopped, when it did not end with a result (e.g. the lock was lost).</param>
internal sealed record RunState(bool Running, string? RunId, DateTime? StartedAt, ProgressDocument? Progress, RunDocument? Result, string? Error)
{
    public static readonly RunState None = new(false, null, null, null, null, null);
}
