using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;

namespace Horreum.AspNetCore.Tests;

/// <summary><c>horreum serve …</c> started as its own process (as an operator runs it), found by the URL it prints.</summary>
internal sealed class ServeProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServeProcess(Process process, Uri url, List<string> printed)
    {
        _process = process;
        Url = url;
        Printed = printed;
        Http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>The dashboard's address, as printed on the "dashboard" line.</summary>
    public Uri Url { get; }

    /// <summary>What serve printed on stdout up to and including the dashboard line.</summary>
    public List<string> Printed { get; }

    public HttpClient Http { get; }

    /// <summary>Starts <c>dotnet horreum.dll serve ARGS</c> and waits (90 s at most) for the dashboard line.</summary>
    public static async Task<ServeProcess> StartAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(HorreumBuildOutput());
        start.ArgumentList.Add("serve");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start)!;
        var printed = new List<string>();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                printed.Add(line);
                if (line.Trim().StartsWith("dashboard", StringComparison.Ordinal))
                {
                    return new ServeProcess(process, new Uri(line.Trim()["dashboard".Length..].Trim()), printed);
                }
            }
            // Only now: stderr ends when the process does, so reading it earlier would wait for ever.
            Assert.Fail("serve printed no URL:\n" + string.Join("\n", printed) + await process.StandardError.ReadToEndAsync(timeout.Token));
            throw new InvalidOperationException("unreachable");
        }
        catch
        {
            await StopAsync(process);
            throw;
        }
    }

    public static HttpRequestMessage Post(string path, string? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return request;
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

    private static async Task StopAsync(Process process)
    {
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        process.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await StopAsync(_process);
    }
}
