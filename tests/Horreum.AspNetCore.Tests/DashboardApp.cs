using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Horreum.Cli.Demo;
using Horreum.Migrations.Engine;
using Horreum.TestKit;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Horreum.AspNetCore.Tests;

/// <summary>
/// A real ASP.NET Core application on a free loopback port (Kestrel) that maps the endpoints at /horreum over the
/// demo's migrations, with v1 demo data seeded under a namespace of its own, against the fixture's redis-server.
/// </summary>
internal sealed class DashboardApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DashboardApp(WebApplication app, string ns, Uri baseUrl)
    {
        _app = app;
        Namespace = ns;
        BaseUrl = baseUrl;
        Http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(60) };
    }

    public const string AdminPolicy = "migrations-admin";
    public const string ReaderPolicy = "migrations-reader";

    /// <summary>Key namespace of the seeded data; the registry lives under {ns}:migrations.</summary>
    public string Namespace { get; }

    /// <summary>The page's address (…/horreum/); the API is under api/.</summary>
    public Uri BaseUrl { get; }

    public HttpClient Http { get; }

    public MigrationRunner Runner => _app.Services.GetRequiredService<MigrationRunner>();

    public IServiceProvider Services => _app.Services;

    public static Task<DashboardApp> StartAsync(RedisFixture redis, Action<HorreumEndpointOptions>? configure, int customers = 300, string prefix = "/horreum") =>
        StartAsync(redis.Db, redis.Configuration, configure, customers, prefix);

    /// <summary>
    /// Seeds through <paramref name="seed"/>, then starts the app connecting with <paramref name="connectionString"/>
    /// (a URL or configuration string, as AddHorreum takes it; <paramref name="caFile"/> for a rediss:// server).
    /// </summary>
    public static async Task<DashboardApp> StartAsync(IDatabase seed, string connectionString, Action<HorreumEndpointOptions>? configure, int customers = 300, string prefix = "/horreum", string? ns = null, string? caFile = null)
    {
        ns ??= RedisFixture.Prefix();
        await DemoSeeder.SeedAsync(seed, customers, CancellationToken.None, ns);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddHorreum(o =>
        {
            o.ConnectionString = connectionString;
            o.KeyNamespace = ns;
            o.RegistryPrefix = ns + ":migrations";
            o.Client.Schemas.ResourceAssemblies.Add(typeof(Customer).Assembly);
            o.Client.Tls.CaFile = caFile;
            foreach (var model in DemoCatalog.Models())
            {
                o.Runner.Models.Add(model);
            }
        }).AddMigrations([.. DemoCatalog.Migrations()]);
        builder.Services.AddAuthentication(TestAuthHandler.SchemeName).AddScheme<AuthenticationSchemeOptions, TestAuthHandler>(TestAuthHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(AdminPolicy, p => p.RequireRole("admin"))
            .AddPolicy(ReaderPolicy, p => p.RequireAuthenticatedUser());
        var app = builder.Build();
        app.MapHorreumMigrations(prefix, configure);
        await app.StartAsync();
        var url = app.Urls.First().TrimEnd('/') + prefix.TrimEnd('/') + "/";
        return new DashboardApp(app, ns, new Uri(url));
    }

    public Task<HttpResponseMessage> GetAsync(string path, string? token = null, string? user = null) =>
        Http.SendAsync(Request(HttpMethod.Get, path, null, token, user));

    public Task<HttpResponseMessage> PostAsync(string path, string? json = "{}", string? token = null, string? user = null, string contentType = "application/json") =>
        Http.SendAsync(Request(HttpMethod.Post, path, json is null ? null : new StringContent(json, Encoding.UTF8, contentType), token, user));

    public static HttpRequestMessage Request(HttpMethod method, string path, HttpContent? content, string? token, string? user)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        if (user is not null)
        {
            request.Headers.Add(TestAuthHandler.Header, user);
        }
        return request;
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
