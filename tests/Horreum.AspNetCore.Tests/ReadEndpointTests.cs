using System.Globalization;
using System.Net;
using System.Text.Json;
using Horreum.Cli;
using Horreum.TestKit;

namespace Horreum.AspNetCore.Tests;

/// <summary>The reading endpoints against a real redis-server, in the CLI's --json shapes.</summary>
public sealed class ReadEndpointTests(RedisFixture redis)
{
    private static readonly Action<HorreumEndpointOptions> s_open = o =>
    {
        o.AllowAnonymousReads = true;
        o.WritePolicy = DashboardApp.AdminPolicy;
    };

    [Fact]
    public async Task Status_lists_every_demo_migration_as_pending_with_the_lock_free()
    {
        await using var app = await DashboardApp.StartAsync(redis, s_open);
        using var response = await app.GetAsync("api/status");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var json = await DashboardApp.JsonAsync(response);
        Assert.Equal(4, json.GetProperty("pending").GetInt32());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("lock_holder").ValueKind);
        var first = json.GetProperty("migrations")[0];
        Assert.Equal("20250101_000000_customers_v1_to_v2", first.GetProperty("id").GetString());
        Assert.Equal("pending", first.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, first.GetProperty("applied_at").ValueKind);
    }

    [Fact]
    public async Task Status_history_drift_validate_and_lock_are_the_same_documents_as_the_cli_json()
    {
        await using var app = await DashboardApp.StartAsync(redis, s_open, customers: 200);
        await Runs.RunToEndAsync(app, user: "ops;admin");
        string[] common = ["--json", "--demo", "--redis", $"redis://127.0.0.1:{redis.Port.ToString(CultureInfo.InvariantCulture)}", "--namespace", app.Namespace, "--registry-prefix", app.Namespace + ":migrations"];
        foreach (var (cli, http) in new[] { ("status", "api/status"), ("history", "api/history"), ("drift", "api/drift"), ("validate", "api/validate"), ("unlock", "api/lock") })
        {
            using var output = new StringWriter();
            using var error = new StringWriter();
            Assert.True(await Program.Run([cli, .. common], output, error) == 0, cli + ": " + error);
            using var response = await app.GetAsync(http);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(Compact(output.ToString()), Compact(await response.Content.ReadAsStringAsync()));
        }
    }

    [Fact]
    public async Task Status_shows_the_migrations_Ruby_Familia_recorded_as_the_cli_does()
    {
        var ns = RedisFixture.Prefix();
        await FamiliaGolden.RestoreAsync(redis.Db, ns, FamiliaGolden.MigrationsDump, key => key.StartsWith("familia:migrations:", StringComparison.Ordinal));
        await using var app = await DashboardApp.StartAsync(redis.Db, redis.Configuration, o =>
        {
            s_open(o);
            o.FamiliaMigrationsPrefix = ns + ":familia:migrations";
        }, ns: ns);

        var json = await DashboardApp.JsonAsync(await app.GetAsync("api/status"));

        var ruby = Assert.Single(json.GetProperty("familia_migrations").EnumerateArray());
        Assert.Equal("20260101_000000_golden_add_flag", ruby.GetProperty("id").GetString());
        Assert.Equal(4, json.GetProperty("pending").GetInt32());
        using var output = new StringWriter();
        using var error = new StringWriter();
        Assert.True(await Program.Run(["status", "--json", "--demo", "--redis", $"redis://127.0.0.1:{redis.Port.ToString(CultureInfo.InvariantCulture)}", "--namespace", ns, "--registry-prefix", ns + ":migrations", "--familia-prefix", ns + ":familia:migrations"], output, error) == 0, error.ToString());
        Assert.Equal(Compact(output.ToString()), json.GetRawText() is var raw ? Compact(raw) : "");
    }

    [Fact]
    public async Task History_after_a_run_has_one_row_per_migration_with_records_per_second()
    {
        await using var app = await DashboardApp.StartAsync(redis, s_open, customers: 400);
        await Runs.RunToEndAsync(app, user: "ops;admin");
        var events = (await DashboardApp.JsonAsync(await app.GetAsync("api/history"))).GetProperty("events");
        Assert.Equal(4, events.GetArrayLength());
        var customers = events.EnumerateArray().First(e => e.GetProperty("migration_id").GetString() == "20250101_000000_customers_v1_to_v2");
        Assert.Equal("applied", customers.GetProperty("status").GetString());
        Assert.Equal(400, customers.GetProperty("processed").GetInt64());
        Assert.True(customers.GetProperty("records_per_second").GetDouble() > 0);

        var one = (await DashboardApp.JsonAsync(await app.GetAsync("api/migrations/20250101_000100_sessions_rename_ip/history"))).GetProperty("events");
        Assert.Equal("20250101_000100_sessions_rename_ip", Assert.Single(one.EnumerateArray()).GetProperty("migration_id").GetString());
    }

    [Fact]
    public async Task Drift_with_data_reports_v1_records_with_a_severity_and_example_keys()
    {
        await using var app = await DashboardApp.StartAsync(redis, s_open, customers: 50);
        var drift = await DashboardApp.JsonAsync(await app.GetAsync("api/drift?data=true&sample=20"));
        Assert.NotEqual("none", drift.GetProperty("severity").GetString());
        Assert.True(drift.GetProperty("records_checked").GetInt64() > 0);
        var data = drift.GetProperty("items").EnumerateArray().First(i => i.GetProperty("kind").GetString() == "data");
        Assert.StartsWith(app.Namespace + ":", data.GetProperty("example_keys")[0].GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(data.GetProperty("severity").GetString()));
    }

    [Fact]
    public async Task Lock_and_status_name_the_holder_while_someone_holds_the_lock()
    {
        await using var app = await DashboardApp.StartAsync(redis, s_open, customers: 10);
        await using (var held = await app.Runner.AcquireLockAsync("maintenance"))
        {
            var doc = await DashboardApp.JsonAsync(await app.GetAsync("api/lock"));
            Assert.True(doc.GetProperty("locked").GetBoolean());
            Assert.Equal(held.Holder.RunId, doc.GetProperty("holder").GetProperty("run_id").GetString());
            Assert.Equal("maintenance", doc.GetProperty("holder").GetProperty("operation").GetString());
            var status = await DashboardApp.JsonAsync(await app.GetAsync("api/status"));
            Assert.Equal(held.Holder.RunId, status.GetProperty("lock_holder").GetProperty("run_id").GetString());
        }
        Assert.False((await DashboardApp.JsonAsync(await app.GetAsync("api/lock"))).GetProperty("locked").GetBoolean());
    }

    [Fact]
    public async Task Page_and_its_files_come_from_the_assembly_with_a_same_origin_policy()
    {
        await using var app = await DashboardApp.StartAsync(redis, s_open, customers: 1);
        using var page = await app.GetAsync("");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var csp = string.Join(" ", page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self'", csp, StringComparison.Ordinal);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<script src=\"app.js\"></script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("src=\"http", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href=\"http", html, StringComparison.OrdinalIgnoreCase);
        foreach (var (file, type) in new[] { ("app.js", "text/javascript"), ("app.css", "text/css") })
        {
            using var asset = await app.GetAsync(file);
            Assert.Equal(type, asset.Content.Headers.ContentType?.MediaType);
            var text = await asset.Content.ReadAsStringAsync();
            Assert.DoesNotContain("import ", text, StringComparison.Ordinal);
            Assert.DoesNotContain("@import", text, StringComparison.Ordinal);
        }

        // Without the final slash the page's relative API calls would miss: it redirects.
        using var noRedirect = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var bare = await noRedirect.GetAsync(new Uri(app.BaseUrl.ToString().TrimEnd('/')));
        Assert.Equal(HttpStatusCode.Redirect, bare.StatusCode);
        Assert.EndsWith("/horreum/", bare.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    private static string Compact(string json) => JsonSerializer.Serialize(JsonDocument.Parse(json).RootElement, Horreum.Migrations.Reporting.ReportJson.Options);
}
