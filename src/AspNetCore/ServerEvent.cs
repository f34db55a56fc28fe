namespace Horreum.AspNetCore;

/// <summary>One Server-Sent Event: its name and its JSON data (one line).</summary>
/// <param name="Name">state, started, progress, done or failed.</param>
/// <param name="Data">The JSON document.</param>
/// <param name="EndsRun">Whether this is the last event of a run (the stream closes after it).</param>
internal sealed record ServerEvent(string Name, string Data, bool EndsRun = false);
