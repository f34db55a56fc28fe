using System.Net;
using Horreum.TestKit;

namespace Horreum.AspNetCore.Tests;

/// <summary>Unknown ids and malformed input get a problem-details body that says what is wrong, never a stack trace.</summary>
public sealed class BadInputTests(RedisFixture redis)
{
    private const string Admin = "ops;admin";

    private static readonly Action<HorreumEndpointOptions> s_admin = o => o.WritePolicy = DashboardApp.AdminPolicy;

    [Theory]
    [InlineData("GET", "api/migrations/20990101_000000_nope/history", null, 404, "20990101_000000_nope")]
    [InlineData("POST", "api/migrations/20990101_000000_nope/rollback", "{}", 404, "20990101_000000_nope")]
    [InlineData("POST", "api/dry-run", "{\"only\": \"20990101_000000_nope\"}", 404, "20990101_000000_nope")]
    [InlineData("POST", "api/run", "{\"only\": \"20990101_000000_nope\"}", 404, "20990101_000000_nope")]
    [InlineData("POST", "api/migrations/20250101_000000_customers_v1_to_v2/rollback", "{\"run\": true}", 409, "not applied")]
    [InlineData("POST", "api/run", "{\"limit\": \"ten\"}", 400, "$.limit")]
    [InlineData("POST", "api/run", "{\"limit\": -1}", 400, "limit must be 0 or more")]
    [InlineData("POST", "api/run", "{\"max_records_per_second\": 0}", 400, "max_records_per_second")]
    [InlineData("POST", "api/dry-run", "{\"olny\": \"x\"}", 400, "olny")]
    [InlineData("POST", "api/dry-run", "{not json", 400, "not a valid request")]
    [InlineData("POST", "api/dry-run", "null", 400, "JSON null")]
    [InlineData("POST", "api/unlock", "{\"force\": true}", 400, "force")]
    [InlineData("POST", "api/migrations/20250101_000000_customers_v1_to_v2/rollback", "{\"run\": \"yes\"}", 400, "$.run")]
    [InlineData("GET", "api/history?limit=0", null, 400, "limit must be a whole number")]
    [InlineData("GET", "api/history?limit=abc", null, 400, "'abc'")]
    [InlineData("GET", "api/drift?data=maybe", null, 400, "'maybe'")]
    [InlineData("GET", "api/drift?data=true&sample=-5", null, 400, "sample")]
    public async Task Bad_requests_get_a_problem_naming_what_is_wrong(string method, string path, string? body, int status, string mentions)
    {
        await using var app = await DashboardApp.StartAsync(redis, s_admin, customers: 5);
        var before = await redis.DigestAsync(app.Namespace + ":");
        using var response = method == "GET" ? await app.GetAsync(path, user: Admin) : await app.PostAsync(path, body, user: Admin);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await DashboardApp.JsonAsync(response);
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.Contains(mentions, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        Assert.Equal(before, await redis.DigestAsync(app.Namespace + ":"));
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task A_post_that_is_not_json_is_refused_so_a_cross_site_form_cannot_start_a_run(string contentType)
    {
        await using var app = await DashboardApp.StartAsync(redis, s_admin, customers: 5);
        using var response = await app.PostAsync("api/run", "", user: Admin, contentType: contentType);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        using var none = await app.Http.SendAsync(DashboardApp.Request(HttpMethod.Post, "api/run", null, null, Admin));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, none.StatusCode);
        Assert.Equal(4, (await DashboardApp.JsonAsync(await app.GetAsync("api/status", user: Admin))).GetProperty("pending").GetInt32());
    }

    [Fact]
    public async Task Redis_going_away_is_a_503_without_details_of_the_connection()
    {
        await using var server = await Horreum.Orm.Embedded.LocalRedisServer.StartAsync();
        var connection = $"127.0.0.1:{server.Port},abortConnect=false,connectTimeout=500,syncTimeout=1000,asyncTimeout=1000,connectRetry=0";
        await using var seeding = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(connection);
        await using var app = await DashboardApp.StartAsync(seeding.GetDatabase(), connection, o => o.AllowAnonymousReads = true, customers: 5);
        using (var ok = await app.GetAsync("api/status"))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }
        await server.DisposeAsync();
        using var response = await app.GetAsync("api/status");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, text);
        Assert.Contains("trace id", text, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
    }
}
