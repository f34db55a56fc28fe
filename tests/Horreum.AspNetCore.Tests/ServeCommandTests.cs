using System.Diagnostics;
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
        var horreum = HorreumBuildOutput();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { horreum, "serve", "--demo", "--redis", $"redis://127.0.0.1:{redis.Port.ToString(CultureInfo.InvariantCulture)}", "--namespace", ns,
            "--registry-prefix", ns + ":migrations", "--records", "1000", "--token", Token, "--urls", $"http://127.0.0.1:{port}" })
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var printed = new List<string>();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            string? url = null;
            while (url is null && await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                printed.Add(line);
                if (line.Trim().StartsWith("dashboard", StringComparison.Ordinal))
                {
                    url = line.Trim()["dashboard".Length..].Trim();
                }
            }
            if (url is null)
            {
                // Only now: stderr ends when the process does, so reading it earlier would wait for ever.
                Assert.Fail("serve printed no URL:\n" + string.Join("\n", printed) + await process.StandardError.ReadToEndAsync(timeout.Token));
            }
            Assert.Equal($"http://127.0.0.1:{port}/", url);
            Assert.Contains(printed, l => l.Contains("Seeded 1,000 demo customers", StringComparison.Ordinal));
            Assert.DoesNotContain(printed, l => l.Contains(Token, StringComparison.Ordinal));

            using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };
            var page = await http.GetStringAsync(new Uri("/", UriKind.Relative));
            Assert.Contains("<title>Horreum migrations</title>", page, StringComparison.Ordinal);
            Assert.DoesNotContain(Token, page, StringComparison.Ordinal);

            var status = JsonDocument.Parse(await http.GetStringAsync(new Uri("api/status", UriKind.Relative))).RootElement;
            Assert.Equal(4, status.GetProperty("pending").GetInt32());

            using (var anonymous = await http.SendAsync(Post("api/run", null)))
            {
                Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            }
            using var stream = await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, "api/progress"), HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var reading = ServerSentEvents.ReadToEndAsync(stream, timeout.Token);
            using (var run = await http.SendAsync(Post("api/run", Token)))
            {
                Assert.Equal(HttpStatusCode.Accepted, run.StatusCode);
            }
            var events = await reading;
            Assert.Contains(events, e => e.Name == "progress" && e.Data.GetProperty("fraction").ValueKind == JsonValueKind.Number && e.Data.GetProperty("fraction").GetDouble() == 1.0);
            Assert.Equal("done", events[^1].Name);
            Assert.True(events[^1].Data.GetProperty("result").GetProperty("succeeded").GetBoolean());
            status = JsonDocument.Parse(await http.GetStringAsync(new Uri("api/status", UriKind.Relative))).RootElement;
            Assert.Equal(0, status.GetProperty("pending").GetInt32());
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
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

    /// <summary>
    /// The CLI as its own build left it (src/Cli/bin/CONFIG/net10.0): the copy next to the tests lacks the package
    /// assemblies the tests take from the shared framework instead, which the CLI's deps.json expects beside it.
    /// </summary>
    private static string HorreumBuildOutput()
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = here.Parent!.Name; // bin/CONFIG/net10.0
        var root = here;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "OrmMigrations.sln")))
        {
            root = root.Parent;
        }
        Assert.True(root is not null, "the repository root (OrmMigrations.sln) is not above " + AppContext.BaseDirectory);
        var path = Path.Combine(root.FullName, "src", "Cli", "bin", configuration, here.Name, "horreum.dll");
        Assert.True(File.Exists(path), $"{path} is missing: build the solution (dotnet build OrmMigrations.sln -c {configuration}).");
        return path;
    }

    private static HttpRequestMessage Post(string path, string? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") };
        if (token is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }
        return request;
    }
}
