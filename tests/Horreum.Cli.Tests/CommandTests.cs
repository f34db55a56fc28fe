using System.Diagnostics;
using Horreum.Orm.Embedded;
using Horreum.TestKit;

namespace Horreum.Cli.Tests;

public sealed class CommandTests(RedisFixture redis)
{
    private string Url => $"redis://127.0.0.1:{redis.Port}";

    /// <summary>Seeds demo v1 data under a fresh namespace and returns the common options for it.</summary>
    private async Task<string[]> SeededAsync(int records = 300)
    {
        var ns = RedisFixture.Prefix();
        var seed = await CliRun.Of("demo", "--redis", Url, "--records", records.ToString(System.Globalization.CultureInfo.InvariantCulture), "--seed-only");
        Assert.True(seed.ExitCode == 0, seed.ToString());
        // The demo seeds under demo:; copy nothing: use the demo namespace with a registry prefix of our own.
        return ["--demo", "--redis", Url, "--registry-prefix", ns + ":migrations"];
    }

    [Fact]
    public async Task Status_json_lists_every_demo_migration_as_pending_and_check_exits_2()
    {
        var common = await SeededAsync();
        var status = await CliRun.Of(["status", "--json", .. common]);
        Assert.True(status.ExitCode == 0, status.ToString());
        var json = status.Json;
        Assert.Equal(4, json.GetProperty("pending").GetInt32());
        var first = json.GetProperty("migrations")[0];
        Assert.Equal("20250101_000000_customers_v1_to_v2", first.GetProperty("id").GetString());
        Assert.Equal("pending", first.GetProperty("state").GetString());
        Assert.False(first.GetProperty("code_missing").GetBoolean());

        var check = await CliRun.Of(["status", "--check", .. common]);
        Assert.Equal(2, check.ExitCode);
    }

    [Fact]
    public async Task Migrate_dry_run_writes_nothing_then_run_applies_with_real_figures()
    {
        var common = await SeededAsync(500);
        var before = await redis.DigestAsync("demo:");
        var dry = await CliRun.Of(["migrate", "--json", .. common]);
        Assert.True(dry.ExitCode == 0, dry.ToString());
        Assert.True(dry.Json.GetProperty("dry_run").GetBoolean());
        Assert.Equal(500, dry.Json.GetProperty("migrations")[0].GetProperty("modified").GetInt64());
        Assert.Equal(before, await redis.DigestAsync("demo:"));

        var run = await CliRun.Of(["migrate", "--run", "--json", .. common]);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.True(run.Json.GetProperty("succeeded").GetBoolean());

        var status = (await CliRun.Of(["status", "--json", .. common])).Json;
        Assert.Equal(0, status.GetProperty("pending").GetInt32());
        foreach (var m in status.GetProperty("migrations").EnumerateArray())
        {
            Assert.Equal("applied", m.GetProperty("state").GetString());
            Assert.True(m.GetProperty("duration_ms").GetDouble() > 0);
            Assert.True(m.GetProperty("scanned").GetInt64() > 0);
        }
        var again = await CliRun.Of(["migrate", "--run", .. common]);
        Assert.Contains("Nothing to do", again.Out, StringComparison.Ordinal);

        var history = await CliRun.Of(["history", "--json", .. common]);
        Assert.Equal(4, history.Json.GetProperty("events").GetArrayLength());
        var validate = await CliRun.Of(["validate", "--json", .. common]);
        Assert.True(validate.Json.GetProperty("valid").GetBoolean(), validate.ToString());
    }

    [Fact]
    public async Task Rollback_previews_by_default_and_reports_an_unknown_id_in_one_line()
    {
        var common = await SeededAsync(1_500); // balances reach 1000 from customer 1000 on
        Assert.Equal(0, (await CliRun.Of(["migrate", "--run", .. common])).ExitCode);

        var preview = await CliRun.Of(["rollback", "20250102_000000_customers_pro_from_balance", "--json", .. common]);
        Assert.True(preview.ExitCode == 0, preview.ToString());
        Assert.True(preview.Json.GetProperty("dry_run").GetBoolean());
        Assert.True(preview.Json.GetProperty("backed_up_fields").GetInt64() > 0);

        var real = await CliRun.Of(["rollback", "20250102_000000_customers_pro_from_balance", "--run", .. common]);
        Assert.True(real.ExitCode == 0, real.ToString());
        Assert.Contains("fields restored", real.Out, StringComparison.Ordinal);

        var unknown = await CliRun.Of(["rollback", "20990101_000000_nope", .. common]);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Single(unknown.Err.Trim().Split('\n'));
        Assert.Contains("20990101_000000_nope", unknown.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", unknown.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unlock_shows_a_free_lock_and_force_reports_nothing_to_break()
    {
        var common = new[] { "--demo", "--redis", Url, "--registry-prefix", RedisFixture.Prefix() };
        var show = await CliRun.Of(["unlock", "--json", .. common]);
        Assert.True(show.ExitCode == 0, show.ToString());
        Assert.False(show.Json.GetProperty("locked").GetBoolean());
        var force = await CliRun.Of(["unlock", "--force", .. common]);
        Assert.Contains("was free", force.Out, StringComparison.Ordinal);
        var repair = await CliRun.Of(["repair", "--json", .. common]);
        Assert.True(repair.ExitCode == 0, repair.ToString());
        Assert.Equal(0, repair.Json.GetProperty("restamped").GetArrayLength());
    }

    [Fact]
    public async Task Drift_after_a_run_is_none_and_new_writes_no_file_without_changes()
    {
        var common = await SeededAsync(200);
        Assert.Equal(0, (await CliRun.Of(["migrate", "--run", .. common])).ExitCode);
        var drift = await CliRun.Of(["drift", "--data", "--sample", "100", "--check", "--json", .. common]);
        Assert.True(drift.ExitCode == 0, drift.ToString());
        Assert.Equal("none", drift.Json.GetProperty("severity").GetString());

        var dir = Directory.CreateTempSubdirectory("horreum-new-").FullName;
        var snapshot = Path.Combine(dir, "models.snapshot.json");
        var first = await CliRun.Of(["new", "Initial", "--demo", "--snapshot", snapshot, "--output", dir, "--json"]);
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(File.Exists(snapshot));
        Assert.Equal(2, first.Json.GetProperty("changes").GetArrayLength()); // two models added, no data migration
        Assert.Equal(System.Text.Json.JsonValueKind.Null, first.Json.GetProperty("file").ValueKind);
    }

    [Fact]
    public async Task Unreachable_port_gives_one_clear_line_and_exit_1()
    {
        var port = FreePort();
        var run = await CliRun.Of("status", "--redis", $"redis://127.0.0.1:{port}");
        Assert.Equal(1, run.ExitCode);
        Assert.Single(run.Err.Trim().Split('\n'));
        Assert.Contains("Cannot connect to Redis at redis://127.0.0.1:" + port, run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Password_is_never_printed_and_a_wrong_one_is_one_clear_line()
    {
        await using var server = await LocalRedisServer.StartAsync(extraArguments: ["--requirepass", "s3cr3t-pw"]);
        var good = await CliRun.Of("status", "--demo", "--redis", $"redis://:s3cr3t-pw@127.0.0.1:{server.Port}", "--verbose");
        Assert.True(good.ExitCode == 0, good.ToString());
        Assert.Contains("redis://:***@127.0.0.1", good.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t-pw", good.Out + good.Err, StringComparison.Ordinal);

        var bad = await CliRun.Of("status", "--redis", $"redis://:wrong-pw@127.0.0.1:{server.Port}", "--verbose");
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("authentication failed", bad.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-pw", bad.Out + bad.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Env_variables_are_used_when_no_url_is_given()
    {
        var run = await CliRun.Of("status");
        // No REDIS_* variables in the test environment: the error says what to set.
        if (Environment.GetEnvironmentVariable("REDIS_URL") is null && Environment.GetEnvironmentVariable("REDIS_HOST") is null)
        {
            Assert.Equal(1, run.ExitCode);
            Assert.Contains("REDIS_URL", run.Err, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Assembly_option_loads_migrations_from_a_dll()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "horreum.dll");
        var run = await CliRun.Of("status", "--json", "--redis", Url, "--assembly", dll, "--registry-prefix", RedisFixture.Prefix());
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(4, run.Json.GetProperty("migrations").GetArrayLength());

        var missing = await CliRun.Of("status", "--redis", Url, "--assembly", "/nonexistent/x.dll");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("no such file", missing.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_from_an_assembly_dry_run_keeps_DEBUG_DIGEST_then_run_applies_with_real_figures()
    {
        // A whole-server digest needs a server no other test writes to: test classes of this assembly run in parallel
        // on the shared fixture (ErrorContractTests writes there while this runs), so this test has its own.
        await using var server = await LocalRedisServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var url = $"redis://127.0.0.1:{server.Port}";
        var seed = await CliRun.Of("demo", "--redis", url, "--records", "400", "--seed-only");
        Assert.True(seed.ExitCode == 0, seed.ToString());
        var dll = Path.Combine(AppContext.BaseDirectory, "horreum.dll");
        string[] common = ["--redis", url, "--assembly", dll, "--namespace", "demo", "--registry-prefix", RedisFixture.Prefix()];
        var before = await DigestAsync(server.Port);
        var dry = await CliRun.Of(["migrate", .. common]);
        Assert.True(dry.ExitCode == 0, dry.ToString());
        Assert.Equal(before, await DigestAsync(server.Port));

        var run = await CliRun.Of(["migrate", "--run", .. common]);
        Assert.True(run.ExitCode == 0, run.ToString());
        var status = (await CliRun.Of(["status", "--json", .. common])).Json;
        Assert.Equal(4, status.GetProperty("migrations").GetArrayLength());
        foreach (var m in status.GetProperty("migrations").EnumerateArray())
        {
            Assert.Equal("applied", m.GetProperty("state").GetString());
            Assert.True(m.GetProperty("duration_ms").GetDouble() > 0);
            Assert.True(m.GetProperty("scanned").GetInt64() > 0, m.GetProperty("id").GetString());
        }
        Assert.NotEqual(before, await DigestAsync(server.Port));
    }

    private static async Task<string> DigestAsync(int port)
    {
        await using var connection = await Horreum.Orm.Transport.RespConnection.ConnectAsync(new() { Port = port }, TestContext.Current.CancellationToken);
        return (await connection.ExecuteAsync("DEBUG", null, ["DIGEST"], TestContext.Current.CancellationToken)).Text ?? "";
    }

    [Fact]
    public async Task Real_process_prints_json_and_exits_0()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "horreum.dll");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var a in new[] { dll, "status", "--json", "--demo", "--redis", Url, "--registry-prefix", RedisFixture.Prefix() })
        {
            psi.ArgumentList.Add(a);
        }
        using var process = Process.Start(psi)!;
        process.StandardInput.Close();
        var stdout = await process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, stdout + stderr);
        Assert.Equal(4, System.Text.Json.JsonDocument.Parse(stdout).RootElement.GetProperty("pending").GetInt32());
    }

    private static int FreePort()
    {
        using var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        return ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
    }
}
