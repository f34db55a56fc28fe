using System.Globalization;
using System.Net;
using System.Text.Json;
using Horreum.Cli;
using Horreum.Orm.Embedded;
using Horreum.TestKit;

namespace Horreum.AspNetCore.Tests;

/// <summary><c>horreum serve</c> as an operator runs it: a separate process, found by the URL it prints.</summary>
public sealed class ServeCommandTests(RedisFixture redis)
{
    private const string Token = "serve-token-31c9b2";

    [Fact]
    public async Task Serve_demo_with_a_token_serves_the_page_status_refuses_a_run_without_the_token_and_streams_a_run_to_the_end()
    {
        var ns = RedisFixture.Prefix();
        var port = LocalRedisServer.FreePort().ToString(CultureInfo.InvariantCulture);
        await using var serve = await ServeProcess.StartAsync("--demo", "--redis", $"redis://127.0.0.1:{redis.Port.ToString(CultureInfo.InvariantCulture)}", "--namespace", ns,
            "--registry-prefix", ns + ":migrations", "--records", "1000", "--token", Token, "--urls", $"http://127.0.0.1:{port}");
        Assert.Equal(new Uri($"http://127.0.0.1:{port}/"), serve.Url);
        Assert.Contains(serve.Printed, l => l.Contains("Seeded 1,000 demo customers", StringComparison.Ordinal));
        Assert.DoesNotContain(serve.Printed, l => l.Contains(Token, StringComparison.Ordinal));
        var http = serve.Http;

        var page = await http.GetStringAsync(new Uri("/", UriKind.Relative));
        Assert.Contains("<title>Horreum migrations</title>", page, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, page, StringComparison.Ordinal);

        var status = JsonDocument.Parse(await http.GetStringAsync(new Uri("api/status", UriKind.Relative))).RootElement;
        Assert.Equal(4, status.GetProperty("pending").GetInt32());

        using (var anonymous = await http.SendAsync(ServeProcess.Post("api/run", null)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }
        var events = await RunToEndAsync(http, Token);
        Assert.Contains(events, e => e.Name == "progress" && e.Data.GetProperty("fraction").ValueKind == JsonValueKind.Number && e.Data.GetProperty("fraction").GetDouble() == 1.0);
        Assert.Equal("done", events[^1].Name);
        Assert.True(events[^1].Data.GetProperty("result").GetProperty("succeeded").GetBoolean());
        status = JsonDocument.Parse(await http.GetStringAsync(new Uri("api/status", UriKind.Relative))).RootElement;
        Assert.Equal(0, status.GetProperty("pending").GetInt32());
    }

    /// <summary>Opens the progress stream, POSTs run with the token (202) and reads the stream to its end.</summary>
    internal static async Task<List<(string Name, JsonElement Data)>> RunToEndAsync(HttpClient http, string token)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var stream = await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, "api/progress"), HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        var reading = ServerSentEvents.ReadToEndAsync(stream, timeout.Token);
        using (var run = await http.SendAsync(ServeProcess.Post("api/run", token)))
        {
            Assert.Equal(HttpStatusCode.Accepted, run.StatusCode);
        }
        return await reading;
    }

    [Theory]
    [InlineData("http://0.0.0.0:5999")]
    [InlineData("http://*:5999")]
    [InlineData("http://127.0.0.1:5999;http://10.1.2.3:5999")]
    public async Task Serve_on_an_address_other_machines_reach_refuses_to_start_without_a_token(string urls)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await Program.Run(["serve", "--urls", urls, "--redis", $"redis://127.0.0.1:{redis.Port.ToString(CultureInfo.InvariantCulture)}"], output, error);
        Assert.Equal(1, code);
        Assert.Contains("--token", error.ToString(), StringComparison.Ordinal);
    }
}
