using System.Text.Json;

namespace Horreum.AspNetCore.Tests;

/// <summary>Reads a text/event-stream response into (event, JSON data) pairs until the server ends the stream.</summary>
internal static class ServerSentEvents
{
    public static async Task<List<(string Name, JsonElement Data)>> ReadToEndAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var events = new List<(string, JsonElement)>();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        string name = "message", data = "";
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data += line[6..];
            }
            else if (line.Length == 0 && data.Length > 0)
            {
                events.Add((name, JsonDocument.Parse(data).RootElement.Clone()));
                name = "message";
                data = "";
            }
        }
        return events;
    }
}
