using System.Net;
using Horreum.Orm.Embedded;
using Horreum.TestKit;

namespace Horreum.AspNetCore.Tests;

/// <summary>Safe by default: nothing runs without authorization, reads open only when asked, no secret ever answered.</summary>
public sealed class AuthorizationTests(RedisFixture redis)
{
    private const string Token = "t0ken-for-tests-5e3a";

    private static readonly string[] s_reads = ["api/status", "api/history", "api/migrations/20250101_000000_customers_v1_to_v2/history", "api/drift", "api/validate", "api/lock", "api/run"];
    private static readonly string[] s_writes = ["api/run", "api/migrations/20250101_000000_customers_v1_to_v2/rollback", "api/unlock"];

    [Fact]
    public async Task Without_any_authorization_configured_every_api_call_is_refused_but_the_page_is_served()
    {
        await using var app = await DashboardApp.StartAsync(redis, configure: null, customers: 5);
        var before = await redis.DigestAsync(app.Namespace + ":");
        foreach (var path in s_reads)
        {
            using var response = await app.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, path);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        foreach (var path in s_writes.Append("api/dry-run"))
        {
            using var response = await app.PostAsync(path, user: "ops;admin");
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, path);
            Assert.Contains("authorization", (await DashboardApp.JsonAsync(response)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        Assert.Equal(before, await redis.DigestAsync(app.Namespace + ":"));
        using var page = await app.GetAsync("");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task With_a_policy_writes_answer_401_without_a_user_403_without_the_role_and_reads_follow_the_read_policy()
    {
        await using var app = await DashboardApp.StartAsync(redis, o =>
        {
            o.WritePolicy = DashboardApp.AdminPolicy;
            o.ReadPolicy = DashboardApp.ReaderPolicy;
        }, customers: 5);
        foreach (var path in s_writes)
        {
            using var anonymous = await app.PostAsync(path);
            Assert.True(anonymous.StatusCode == HttpStatusCode.Unauthorized, path);
            using var reader = await app.PostAsync(path, user: "viewer;reader");
            Assert.True(reader.StatusCode == HttpStatusCode.Forbidden, path);
        }
        using (var anonymousRead = await app.GetAsync("api/status"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymousRead.StatusCode);
        }
        using (var viewerRead = await app.GetAsync("api/status", user: "viewer;reader"))
        {
            Assert.Equal(HttpStatusCode.OK, viewerRead.StatusCode);
        }
        using var admin = await app.PostAsync("api/unlock", user: "ops;admin");
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
    }

    [Fact]
    public async Task Open_reads_leave_the_writes_protected()
    {
        await using var app = await DashboardApp.StartAsync(redis, o =>
        {
            o.AllowAnonymousReads = true;
            o.BearerToken = Token;
        }, customers: 5);
        foreach (var path in s_reads)
        {
            using var response = await app.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, path);
        }
        using var dry = await app.PostAsync("api/dry-run");
        Assert.Equal(HttpStatusCode.OK, dry.StatusCode);
        foreach (var path in s_writes)
        {
            using var response = await app.PostAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, path);
        }
    }

    [Fact]
    public async Task Bearer_token_is_required_compared_exactly_and_run_applies_with_it()
    {
        await using var app = await DashboardApp.StartAsync(redis, o => o.BearerToken = Token, customers: 100);
        using (var missing = await app.PostAsync("api/run"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
            Assert.Equal("Bearer", missing.Headers.WwwAuthenticate.Single().Scheme);
        }
        foreach (var wrong in new[] { Token[..^1], Token + "x", Token.ToUpperInvariant(), "" })
        {
            using var response = await app.PostAsync("api/run", token: wrong.Length == 0 ? "-" : wrong);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, wrong);
        }
        using (var read = await app.GetAsync("api/status"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, read.StatusCode);
        }
        var (_, events) = await Runs.RunToEndAsync(app, token: Token);
        Assert.True(events[^1].Data.GetProperty("result").GetProperty("succeeded").GetBoolean());
    }

    [Fact]
    public async Task No_response_ever_contains_the_redis_password_or_the_token()
    {
        const string password = "redis-pass-9f8e7d";
        await using var server = await LocalRedisServer.StartAsync(extraArguments: ["--requirepass", password]);
        var connection = $"127.0.0.1:{server.Port},password={password},abortConnect=false";
        await using var seeding = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(connection);
        await using var app = await DashboardApp.StartAsync(seeding.GetDatabase(), connection, o =>
        {
            o.BearerToken = Token;
            o.AllowAnonymousReads = true;
        }, customers: 50);
        var bodies = new List<string>();
        foreach (var path in s_reads.Concat(["", "app.js", "app.css", "api/drift?data=true&sample=10", "api/nope"]))
        {
            using var response = await app.GetAsync(path, token: Token);
            bodies.Add(await response.Content.ReadAsStringAsync());
        }
        foreach (var path in s_writes.Append("api/dry-run").Append("api/migrations/nope/rollback"))
        {
            using var good = await app.PostAsync(path, "{}", token: Token);
            bodies.Add(await good.Content.ReadAsStringAsync());
            using var bad = await app.PostAsync(path, "{\"run\": \"" + Token + "\"}", token: Token);
            bodies.Add(await bad.Content.ReadAsStringAsync());
        }
        var (_, events) = await Runs.RunToEndAsync(app, token: Token);
        bodies.AddRange(events.Select(e => e.Data.GetRawText()));
        Assert.True(bodies.Count > 20);
        Assert.All(bodies, body =>
        {
            Assert.DoesNotContain(password, body, StringComparison.Ordinal);
            Assert.DoesNotContain(Token, body, StringComparison.Ordinal);
        });
    }
}
