using System.CommandLine;
using System.Net;
using Horreum.Cli.Demo;
using Horreum.Cli.Infrastructure;
using Horreum.Orm.Embedded;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Horreum.Cli.Commands;

/// <summary>
/// <c>horreum serve [--urls U] [--token T]</c>: the dashboard at <c>/</c> and the HTTP API at <c>/api</c> (the same
/// endpoints an application maps with <c>MapHorreumMigrations</c>), until Ctrl+C.
/// </summary>
internal static class ServeCommand
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    public static Command Create(GlobalOptions globals, TextWriter output, TextWriter error)
    {
        var urls = new Option<string>("--urls") { Description = $"Where to listen, ';'-separated (default {DefaultUrl}). A non-loopback address needs a token.", DefaultValueFactory = _ => DefaultUrl };
        var token = new Option<string?>("--token") { Description = "Bearer token that run, rollback and unlock require (default: HORREUM_TOKEN). Without one the server is read-only." };
        var openReads = new Option<bool>("--open-reads") { Description = "On a non-loopback address, let anyone read (status, history, drift, dry run); the default asks for the token there too." };
        var records = new Option<int>("--records") { Description = "With --demo: customers to seed when the demo's data is absent.", DefaultValueFactory = _ => 20_000 };
        var command = new Command("serve", "Serve the migrations dashboard and HTTP API (docs/http.md).") { urls, token, openReads, records };
        command.SetAction((parse, ct) => CommandHost.RunAsync(parse, globals, output, error, io =>
            RunAsync(parse, globals, io, parse.GetValue(urls)!, parse.GetValue(token) ?? Environment.GetEnvironmentVariable("HORREUM_TOKEN"),
                parse.GetValue(openReads), Math.Max(1, parse.GetValue(records)), ct)));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, GlobalOptions globals, CliIo io, string urls, string? token, bool openReads, int records, CancellationToken ct)
    {
        token = string.IsNullOrWhiteSpace(token) ? null : token.Trim();
        var addresses = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var loopback = addresses.Length > 0 && addresses.All(IsLoopback);
        if (!loopback && token is null)
        {
            throw new CliException($"--urls {urls} is reachable from other machines: pass --token (or set HORREUM_TOKEN) so only holders of the token can run migrations.");
        }
        if (token is { Length: < 8 })
        {
            throw new CliException("--token must have at least 8 characters.");
        }

        var demo = parse.GetValue(globals.Demo);
        LocalRedisServer? server = null;
        string? redis = null;
        if (demo && parse.GetValue(globals.Redis) is null && Environment.GetEnvironmentVariable("REDIS_URL") is null)
        {
            server = await LocalRedisServer.StartAsync(cancellationToken: ct).ConfigureAwait(false);
            redis = $"redis://127.0.0.1:{server.Port}";
            io.Line($"Started a private redis-server on 127.0.0.1:{server.Port} for the demo (removed when the server stops).");
        }
        try
        {
            await using var session = await CliSession.OpenAsync(parse, globals, io, redis).ConfigureAwait(false);
            if (demo)
            {
                var ns = parse.GetValue(globals.Namespace) ?? "demo";
                if (!await session.Client.Database.KeyExistsAsync($"{ns}:customer:instances").ConfigureAwait(false))
                {
                    await DemoSeeder.SeedAsync(session.Client.Database, records, ct, ns).ConfigureAwait(false);
                    io.Line($"Seeded {records:N0} demo customers and {Math.Max(1, records / 10):N0} sessions (v1 format) under {ns}:.");
                }
                else
                {
                    io.Line($"Demo data found under {ns}: (left as it is).");
                }
            }

            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "horreum", EnvironmentName = Environments.Production, ContentRootPath = AppContext.BaseDirectory });
            builder.WebHost.UseUrls(addresses);
            builder.Logging.ClearProviders();
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
            // The session's client and runner (from --redis, --demo, --assembly...); AddHorreum keeps them (TryAdd).
            builder.Services.AddSingleton(session.Client);
            builder.Services.AddSingleton(session.Runner);
            builder.Services.AddHorreum();
            await using var app = builder.Build();
            app.MapHorreumMigrations("/", o =>
            {
                o.BearerToken = token;
                o.AllowAnonymousReads = loopback || openReads;
            });
            await app.StartAsync(ct).ConfigureAwait(false);

            io.Line($"Migrations of {session.Endpoint.Display} (registry {session.Runner.Registry.Keys.Prefix}):");
            foreach (var url in app.Urls)
            {
                io.Line($"  dashboard  {url.TrimEnd('/')}/");
                io.Line($"  API        {url.TrimEnd('/')}/api/status");
            }
            io.Line(token is null
                ? "Read-only: started without --token, so run, rollback and unlock answer 403. Restart with --token T (or HORREUM_TOKEN) to allow them."
                : "Run, rollback and unlock need 'Authorization: Bearer <token>' (the token you gave; never printed).");
            io.Line("Press Ctrl+C to stop.");

            var stopped = new TaskCompletionSource();
            using (ct.Register(() => stopped.TrySetResult()))
            using (app.Lifetime.ApplicationStopping.Register(() => stopped.TrySetResult()))
            {
                await stopped.Task.ConfigureAwait(false);
            }
            await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
            return ExitCodes.Ok;
        }
        finally
        {
            if (server is not null)
            {
                await server.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static bool IsLoopback(string url)
    {
        if (url.Contains("://*", StringComparison.Ordinal) || url.Contains("://+", StringComparison.Ordinal))
        {
            return false; // Kestrel's wildcards: every interface
        }
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
        {
            throw new CliException($"--urls: '{url}' is not an http:// or https:// address.");
        }
        var host = uri.Host.Trim('[', ']');
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
    }
}
