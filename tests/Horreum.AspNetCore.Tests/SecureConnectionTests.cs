using System.Globalization;
using System.Net;
using System.Text.Json;
using Horreum.Orm;
using Horreum.Orm.Embedded;
using Horreum.TestKit;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Horreum.AspNetCore.Tests;

/// <summary>
/// The endpoints and <c>horreum serve</c> on the connections production has: TLS with the CA given, an ACL user
/// limited to the app's keys, its password in the URL and never in a response or on the console.
/// </summary>
public sealed class SecureConnectionTests
{
    private const string User = "ops";
    private const string Password = "acl-pass-5c1e0b77";
    private const string Token = "secure-token-a41f9e";

    private static async Task<(TestCertificates Certificates, TlsRedisServer Server, string Ns)> StartServerAsync()
    {
        var certificates = await TestCertificates.CreateAsync();
        var server = await TlsRedisServer.StartAsync(certificates, cancellationToken: TestContext.Current.CancellationToken);
        var ns = RedisFixture.Prefix();
        // Only the app's keys and its registry's (the registry's keys are {prefix}:…).
        await AclUser.CreateAsync(server.PlainPort, User, Password, ns + ":*", "{" + ns + ":migrations}:*");
        return (certificates, server, ns);
    }

    [Fact]
    public async Task AddHorreum_over_rediss_as_an_acl_user_serves_status_and_runs_to_the_end_without_showing_the_password()
    {
        var (certificates, server, ns) = await StartServerAsync();
        using var _ = certificates;
        await using var __ = server;
        await using var seeding = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{server.PlainPort.ToString(CultureInfo.InvariantCulture)}");
        await using var app = await DashboardApp.StartAsync(seeding.GetDatabase(), server.Url(User, Password), o =>
        {
            o.BearerToken = Token;
            o.AllowAnonymousReads = true;
        }, customers: 200, ns: ns, caFile: certificates.CaFile);
        Assert.True(app.Services.GetRequiredService<HorreumClient>().RecordTransport.Endpoint!.UseTls);

        using var status = await app.GetAsync("api/status");
        var statusText = await status.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        Assert.Equal(4, JsonDocument.Parse(statusText).RootElement.GetProperty("pending").GetInt32());
        var (_, events) = await Runs.RunToEndAsync(app, token: Token);

        Assert.Equal("done", events[^1].Name);
        Assert.True(events[^1].Data.GetProperty("result").GetProperty("succeeded").GetBoolean(), events[^1].Data.GetRawText());
        using var after = await app.GetAsync("api/status");
        Assert.Equal(0, (await DashboardApp.JsonAsync(after)).GetProperty("pending").GetInt32());
        Assert.All(events.Select(e => e.Data.GetRawText()).Append(statusText), body => Assert.DoesNotContain(Password, body, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Serve_over_rediss_as_an_acl_user_with_the_ca_file_seeds_serves_and_runs_without_printing_the_password()
    {
        var (certificates, server, ns) = await StartServerAsync();
        using var _ = certificates;
        await using var __ = server;
        var port = LocalRedisServer.FreePort().ToString(CultureInfo.InvariantCulture);

        await using var serve = await ServeProcess.StartAsync("--demo", "--redis", server.Url(User, Password), "--tls-ca", certificates.CaFile, "--namespace", ns,
            "--registry-prefix", ns + ":migrations", "--records", "300", "--token", Token, "--urls", $"http://127.0.0.1:{port}");

        Assert.Contains(serve.Printed, l => l.Contains("Seeded 300 demo customers", StringComparison.Ordinal));
        // The endpoint is named with its password masked.
        Assert.Contains(serve.Printed, l => l.Contains($"Migrations of rediss://{User}:***@127.0.0.1:{server.TlsPort.ToString(CultureInfo.InvariantCulture)}/0", StringComparison.Ordinal));
        Assert.DoesNotContain(serve.Printed, l => l.Contains(Password, StringComparison.Ordinal) || l.Contains(Token, StringComparison.Ordinal));
        var status = await serve.Http.GetStringAsync(new Uri("api/status", UriKind.Relative));
        Assert.Equal(4, JsonDocument.Parse(status).RootElement.GetProperty("pending").GetInt32());
        var events = await ServeCommandTests.RunToEndAsync(serve.Http, Token);
        Assert.Equal("done", events[^1].Name);
        Assert.True(events[^1].Data.GetProperty("result").GetProperty("succeeded").GetBoolean(), events[^1].Data.GetRawText());
        Assert.All(events.Select(e => e.Data.GetRawText()).Append(status), body => Assert.DoesNotContain(Password, body, StringComparison.Ordinal));
    }
}
