using System.Net;
using System.Text.Json;
using Horreum.TestKit;

namespace Horreum.AspNetCore.Tests;

/// <summary>Dry run, run (background, progress stream, one at a time), rollback and unlock over HTTP.</summary>
public sealed class RunEndpointTests(RedisFixture redis)
{
    private const string Admin = "ops;admin";

    private static readonly Action<HorreumEndpointOptions> s_admin = o => o.WritePolicy = DashboardApp.AdminPolicy;

    [Fact]
    public async Task Dry_run_previews_every_change_and_writes_nothing()
    {
        await using var app = await DashboardApp.StartAsync(redis, s_admin, customers: 300);
        var before = await redis.DigestAsync(app.Namespace + ":");
        using var response = await app.PostAsync("api/dry-run", "{}", user: Admin);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = await DashboardApp.JsonAsync(response);
        Assert.True(doc.GetProperty("dry_run").GetBoolean());
        var first = doc.GetProperty("migrations")[0];
        Assert.Equal("would_apply", first.GetProperty("outcome").GetString());
        Assert.Equal(300, first.GetProperty("modified").GetInt64());
        Assert.True(first.GetProperty("fields_changed").GetInt64() > 300);
        Assert.Contains("HSET " + app.Namespace + ":customer:", first.GetProperty("planned_writes")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await redis.DigestAsync(app.Namespace + ":"));

        using var only = await app.PostAsync("api/dry-run", "{\"only\": \"20250101_000100_sessions_rename_ip\"}", user: Admin);
        Assert.Equal("20250101_000100_sessions_rename_ip", Assert.Single((await DashboardApp.JsonAsync(only)).GetProperty("migrations").EnumerateArray()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task Run_applies_in_the_background_and_the_progress_stream_shows_it_to_the_end()
    {
        await using var app = await DashboardApp.StartAsync(redis, s_admin, customers: 2_000);
        var (runId, events) = await Runs.RunToEndAsync(app, user: Admin);

        Assert.Equal("state", events[0].Name);
        Assert.Equal("started", events[1].Name);
        Assert.Equal(runId, events[1].Data.GetProperty("run_id").GetString());
        var progress = events.Where(e => e.Name == "progress").Select(e => e.Data).ToList();
        var customers = progress.Where(p => p.GetProperty("migration_id").GetString() == "20250101_000000_customers_v1_to_v2").ToList();
        Assert.True(customers.Count >= 2, $"expected a report per page, got {customers.Count}");
        var processed = customers.Select(p => p.GetProperty("processed").GetInt64()).ToList();
        Assert.Equal(processed.Order(), processed);
        Assert.Equal(2_000, processed[^1]);
        Assert.Equal(1.0, customers[^1].GetProperty("fraction").GetDouble());
        Assert.Equal(2_000, customers[^1].GetProperty("estimated_total").GetInt64());

        var (name, done) = events[^1];
        Assert.Equal("done", name);
        Assert.False(done.GetProperty("running").GetBoolean());
        Assert.True(done.GetProperty("result").GetProperty("succeeded").GetBoolean());
        Assert.Equal(4, done.GetProperty("result").GetProperty("migrations").GetArrayLength());

        var status = await DashboardApp.JsonAsync(await app.GetAsync("api/status", user: Admin));
        Assert.Equal(0, status.GetProperty("pending").GetInt32());
        Assert.Equal(JsonValueKind.Null, status.GetProperty("lock_holder").ValueKind);
        var last = await DashboardApp.JsonAsync(await app.GetAsync("api/run", user: Admin));
        Assert.Equal(runId, last.GetProperty("run_id").GetString());
        Assert.True(last.GetProperty("result").GetProperty("succeeded").GetBoolean());
    }

    [Fact]
    public async Task A_second_run_while_one_holds_the_lock_gets_409_with_the_holder()
    {
        await using var app = await DashboardApp.StartAsync(redis, s_admin, customers: 1_000);
        using var first = await app.PostAsync("api/run", "{\"max_records_per_second\": 400}", user: Admin);
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var runId = (await DashboardApp.JsonAsync(first)).GetProperty("run_id").GetString();

        using var second = await app.PostAsync("api/run", "{}", user: Admin);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("application/problem+json", second.Content.Headers.ContentType?.MediaType);
        var problem = await DashboardApp.JsonAsync(second);
        Assert.Equal(409, problem.GetProperty("status").GetInt32());
        Assert.Equal(runId, problem.GetProperty("holder").GetProperty("run_id").GetString());
        Assert.Equal(Environment.ProcessId, problem.GetProperty("holder").GetProperty("pid").GetInt32());

        // A rollback needs the same lock.
        using var rollback = await app.PostAsync("api/migrations/20250102_000000_customers_pro_from_balance/rollback", "{\"run\": true}", user: Admin);
        Assert.Equal(HttpStatusCode.Conflict, rollback.StatusCode);

        // Stop the throttled run: break its lock; it notices at its next heartbeat and ends as failed.
        using var unlock = await app.PostAsync("api/unlock", "{}", user: Admin);
        var broke = await DashboardApp.JsonAsync(unlock);
        Assert.True(broke.GetProperty("removed").GetBoolean());
        Assert.Equal(runId, broke.GetProperty("holder").GetProperty("run_id").GetString());
    }

    [Fact]
    public async Task Rollback_previews_unless_asked_then_undoes_the_migration()
    {
        await using var app = await DashboardApp.StartAsync(redis, s_admin, customers: 1_500); // balances reach 1000 from customer 1000 on
        await Runs.RunToEndAsync(app, user: Admin);
        const string id = "20250102_000000_customers_pro_from_balance";
        var before = await redis.DigestAsync(app.Namespace + ":customer:");

        var preview = await DashboardApp.JsonAsync(await app.PostAsync($"api/migrations/{id}/rollback", "", user: Admin));
        Assert.True(preview.GetProperty("dry_run").GetBoolean());
        Assert.True(preview.GetProperty("backed_up_fields").GetInt64() > 0);
        Assert.Equal(0, preview.GetProperty("fields_restored").GetInt64());
        Assert.Equal(before, await redis.DigestAsync(app.Namespace + ":customer:"));

        var real = await DashboardApp.JsonAsync(await app.PostAsync($"api/migrations/{id}/rollback", "{\"run\": true}", user: Admin));
        Assert.False(real.GetProperty("dry_run").GetBoolean());
        Assert.Equal(preview.GetProperty("backed_up_fields").GetInt64(), real.GetProperty("fields_restored").GetInt64());
        var status = await DashboardApp.JsonAsync(await app.GetAsync("api/status", user: Admin));
        var entry = status.GetProperty("migrations").EnumerateArray().Single(m => m.GetProperty("id").GetString() == id);
        Assert.Equal("rolled_back", entry.GetProperty("state").GetString());
    }

    [Fact]
    public async Task Unlock_breaks_a_lock_someone_else_holds_and_says_whose_it_was()
    {
        await using var app = await DashboardApp.StartAsync(redis, s_admin, customers: 1);
        var held = await app.Runner.AcquireLockAsync("stuck");
        using var unlock = await app.PostAsync("api/unlock", "", user: Admin);
        Assert.Equal(HttpStatusCode.OK, unlock.StatusCode);
        var doc = await DashboardApp.JsonAsync(unlock);
        Assert.True(doc.GetProperty("removed").GetBoolean());
        Assert.Equal(held.Holder.RunId, doc.GetProperty("holder").GetProperty("run_id").GetString());
        Assert.Equal("stuck", doc.GetProperty("holder").GetProperty("operation").GetString());
        Assert.False((await DashboardApp.JsonAsync(await app.GetAsync("api/lock", user: Admin))).GetProperty("locked").GetBoolean());
        await held.DisposeAsync();
    }
}
