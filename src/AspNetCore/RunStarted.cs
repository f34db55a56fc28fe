namespace Horreum.AspNetCore;

/// <summary>The 202 reply of <c>POST …/api/run</c>: the run goes on in the background.</summary>
/// <param name="RunId">The run's id (also in the lock holder while it runs).</param>
/// <param name="StartedAt">When it started (UTC).</param>
/// <param name="Progress">The progress stream (Server-Sent Events), relative to the API.</param>
/// <param name="Result">Where the result appears when the run ended, relative to the API.</param>
internal sealed record RunStarted(string RunId, DateTime StartedAt, string Progress, string Result);
