using System.Text.Json;
using Horreum.Cli.Tests.Fixtures;
using Horreum.Migrations.Engine;
using Horreum.Orm;
using Horreum.TestKit;

namespace Horreum.Cli.Tests;

/// <summary>What scripts rely on: one line on stderr, documented exit codes, and a JSON error document with --json.</summary>
public sealed class ErrorContractTests(RedisFixture redis)
{
    private const string Unknown = "20990101_000000_nope";

    private static string Dll => typeof(Member).Assembly.Location;

    private string Url => $"redis://127.0.0.1:{redis.Port}";

    private async Task<(string[] Common, string Ns)> SeededAsync(int members = 3)
    {
        var ns = RedisFixture.Prefix();
        var client = new HorreumClient(redis.Multiplexer, new HorreumOptions { KeyNamespace = ns });
        await client.Repository<Member>().SaveManyAsync(Enumerable.Range(0, members).Select(i => new Member { Id = $"m{i}", Name = $"Member {i}" }));
        return (["--redis", Url, "--assembly", Dll, "--namespace", ns, "--registry-prefix", ns + ":migrations"], ns);
    }

    private static void AssertOneCleanLine(CliRun run)
    {
        Assert.Single(run.Err.Trim().Split('\n'));
        Assert.StartsWith("horreum: ", run.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled", run.Out + run.Err, StringComparison.Ordinal);
    }

    private static JsonElement ErrorDocument(CliRun run)
    {
        var error = run.Json.GetProperty("error");
        Assert.Equal(run.ExitCode, error.GetProperty("exit_code").GetInt32());
        Assert.Equal(run.Err.Trim(), "horreum: " + error.GetProperty("message").GetString());
        return error;
    }

    [Fact]
    public async Task Rollback_of_a_model_migration_without_DownAsync_restores_backups_and_no_command_prints_a_stack_trace()
    {
        var (common, _) = await SeededAsync();
        var run = await CliRun.Of(["migrate", "--run", "--yes", .. common]);
        Assert.True(run.ExitCode == 0, run.ToString());

        var preview = await CliRun.Of(["rollback", MemberDeriveEmail.MigrationId, "--json", .. common]);
        Assert.True(preview.ExitCode == 0, preview.ToString());
        Assert.True(preview.Json.GetProperty("dry_run").GetBoolean());
        Assert.Equal(3, preview.Json.GetProperty("backed_up_fields").GetInt64());

        var real = await CliRun.Of(["rollback", MemberDeriveEmail.MigrationId, "--run", "--yes", "--json", .. common]);
        Assert.True(real.ExitCode == 0, real.ToString());
        Assert.Equal(3, real.Json.GetProperty("fields_deleted").GetInt64());

        // A down step that throws something unexpected is still one line and exit 1.
        var broken = await CliRun.Of(["rollback", DownThrows.MigrationId, "--run", "--yes", .. common]);
        Assert.Equal(1, broken.ExitCode);
        AssertOneCleanLine(broken);
        Assert.Contains("the down step is broken", broken.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_id_is_the_same_error_and_exit_1_for_history_rollback_and_migrate_only()
    {
        var (common, _) = await SeededAsync();
        var runs = new[]
        {
            await CliRun.Of(["history", Unknown, .. common]),
            await CliRun.Of(["rollback", Unknown, .. common]),
            await CliRun.Of(["migrate", "--only", Unknown, .. common]),
        };
        foreach (var run in runs)
        {
            Assert.True(run.ExitCode == 1, run.ToString());
            AssertOneCleanLine(run);
            Assert.Equal(runs[0].Err, run.Err);
            Assert.Contains(Unknown, run.Err, StringComparison.Ordinal);
        }
        var json = await CliRun.Of(["history", Unknown, "--json", .. common]);
        Assert.Equal("not_found", ErrorDocument(json).GetProperty("code").GetString());
    }

    [Fact]
    public async Task History_of_an_id_whose_code_is_gone_still_shows_its_events()
    {
        var (common, ns) = await SeededAsync();
        Assert.Equal(0, (await CliRun.Of(["migrate", "--run", "--yes", "--only", LockTtlProbe.MigrationId, .. common])).ExitCode);
        // Without --assembly the id is only in the registry: still known.
        string[] noCode = ["--redis", Url, "--namespace", ns, "--registry-prefix", ns + ":migrations"];
        var history = await CliRun.Of(["history", LockTtlProbe.MigrationId, "--json", .. noCode]);
        Assert.True(history.ExitCode == 0, history.ToString());
        Assert.Equal(1, history.Json.GetProperty("events").GetArrayLength());
    }

    [Fact]
    public async Task A_held_lock_exits_3_with_a_json_error_and_lock_ttl_sets_the_lock_ttl()
    {
        var (common, ns) = await SeededAsync();
        var client = new HorreumClient(redis.Multiplexer, new HorreumOptions { KeyNamespace = ns });
        var options = new MigrationRunnerOptions();
        options.Registry.Prefix = ns + ":migrations";
        var other = new MigrationRunner(client, [], options);
        await using (await other.AcquireLockAsync("test holds it"))
        {
            var held = await CliRun.Of(["migrate", "--run", "--yes", .. common]);
            Assert.True(held.ExitCode == 3, held.ToString());
            AssertOneCleanLine(held);
            var json = await CliRun.Of(["rollback", MemberDeriveEmail.MigrationId, "--run", "--yes", "--json", .. common]);
            Assert.True(json.ExitCode == 3, json.ToString());
            Assert.Equal("lock_held", ErrorDocument(json).GetProperty("code").GetString());
        }

        var probe = await CliRun.Of(["migrate", "--run", "--yes", "--only", LockTtlProbe.MigrationId, "--lock-ttl", "600", "--json", .. common]);
        Assert.True(probe.ExitCode == 0, probe.ToString());
        var ttl = probe.Json.GetProperty("migrations")[0].GetProperty("stats").GetProperty("lock.ttl_s").GetInt64();
        Assert.InRange(ttl, 500, 600);

        var bad = await CliRun.Of(["migrate", "--run", "--yes", "--lock-ttl", "0", .. common]);
        Assert.Equal(1, bad.ExitCode);
        AssertOneCleanLine(bad);
        Assert.Contains("--lock-ttl", bad.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_errors_print_an_error_document_on_stdout_for_every_command()
    {
        var port = FreePort();
        string[][] commands = [["status"], ["validate"], ["migrate"], ["rollback", Unknown], ["history"], ["drift"], ["unlock"], ["repair"]];
        foreach (var command in commands)
        {
            var run = await CliRun.Of([.. command, "--json", "--redis", $"redis://127.0.0.1:{port}"]);
            Assert.True(run.ExitCode == 1, run.ToString());
            AssertOneCleanLine(run);
            Assert.Equal("connection_failed", ErrorDocument(run).GetProperty("code").GetString());
        }
        var noModels = await CliRun.Of("new", "X", "--json");
        Assert.Equal(1, noModels.ExitCode);
        Assert.Equal("invalid_input", ErrorDocument(noModels).GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_failed_run_is_not_titled_applied()
    {
        var (common, ns) = await SeededAsync();
        await redis.Db.HashSetAsync($"{ns}:member:bad:object", [new("id", "\"bad\""), new("name", "{corrupt")]);
        var run = await CliRun.Of(["migrate", "--run", "--yes", "--only", MemberDeriveEmail.MigrationId, .. common]);
        Assert.Equal(1, run.ExitCode);
        Assert.DoesNotContain("Applied:", run.Out, StringComparison.Ordinal);
        Assert.Contains(run.Out.Split('\n'), l => l.StartsWith("Failed (", StringComparison.Ordinal));
        Assert.True(run.Out.Contains($"{ns}:member:bad:object", StringComparison.Ordinal), run.ToString());
    }

    private static int FreePort()
    {
        using var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        return ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
    }
}
