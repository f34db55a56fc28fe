using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Horreum.AspNetCore;

/// <summary>
/// <c>GET …/api/progress</c> as Server-Sent Events: <c>state</c> at once, then <c>started</c>, <c>progress</c>…,
/// and <c>done</c> or <c>failed</c>, after which the stream ends (a browser's EventSource reconnects and gets the
/// new state). While nothing runs, a comment line every 15 s keeps proxies from closing the connection.
/// </summary>
internal static class ProgressStream
{
    private static readonly TimeSpan s_keepAlive = TimeSpan.FromSeconds(15);

    public static async Task WriteAsync(HttpContext http, RunCoordinator coordinator)
    {
        var response = http.Response;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache, no-store";
        response.Headers["X-Accel-Buffering"] = "no";
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        var ct = http.RequestAborted;
        var reader = coordinator.Subscribe();
        try
        {
            await WriteRawAsync(response, "retry: 2000\n\n", ct).ConfigureAwait(false);
            var inRun = coordinator.State.Running;
            while (!ct.IsCancellationRequested)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
                wait.CancelAfter(s_keepAlive);
                ServerEvent e;
                try
                {
                    if (!await reader.WaitToReadAsync(wait.Token).ConfigureAwait(false) || !reader.TryRead(out e!))
                    {
                        continue;
                    }
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    await WriteRawAsync(response, ": keep-alive\n\n", ct).ConfigureAwait(false);
                    continue;
                }
                await WriteRawAsync(response, $"event: {e.Name}\ndata: {e.Data}\n\n", ct).ConfigureAwait(false);
                inRun |= e.Name == "started";
                if (e.EndsRun && inRun)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away.
        }
        finally
        {
            coordinator.Unsubscribe(reader);
        }
    }

    private static async Task WriteRawAsync(HttpResponse response, string text, CancellationToken ct)
    {
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), ct).ConfigureAwait(false);
        await response.Body.FlushAsync(ct).ConfigureAwait(false);
    }
}
