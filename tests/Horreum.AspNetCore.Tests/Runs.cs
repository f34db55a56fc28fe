using System.Net;
using System.Text.Json;

namespace Horreum.AspNetCore.Tests;

/// <summary>Starts a run over HTTP and follows its progress stream to the end.</summary>
internal static class Runs
{
    /// <summary>Opens the progress stream, POSTs run, and returns the run's id and every event the stream carried.</summary>
    public static async Task<(string RunId, List<(string Name, JsonElement Data)> Events)> RunToEndAsync(DashboardApp app, string body = "{}", string? token = null, string? user = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var stream = await app.Http.SendAsync(DashboardApp.Request(HttpMethod.Get, "api/progress", null, token, user), HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
        Assert.Equal("text/event-stream", stream.Content.Headers.ContentType?.MediaType);
        var reading = ServerSentEvents.ReadToEndAsync(stream, timeout.Token);
        using var started = await app.PostAsync("api/run", body, token, user);
        var startedText = await started.Content.ReadAsStringAsync();
        Assert.True(started.StatusCode == HttpStatusCode.Accepted, startedText);
        var runId = JsonDocument.Parse(startedText).RootElement.GetProperty("run_id").GetString()!;
        return (runId, await reading);
    }
}
