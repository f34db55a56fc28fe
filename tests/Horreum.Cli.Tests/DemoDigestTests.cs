using Horreum.Orm.Embedded;
using Horreum.TestKit;
using StackExchange.Redis;

namespace Horreum.Cli.Tests;

public sealed class DemoDigestTests
{
    [Fact]
    public async Task Demo_checks_its_dry_run_wrote_nothing_where_DEBUG_is_disabled()
    {
        await using var server = await LocalRedisServer.StartAsync(extraArguments: ["--enable-debug-command", "no"]);
        var run = await CliRun.Of("demo", "--redis", $"redis://127.0.0.1:{server.Port}", "--records", "200");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.DoesNotContain("skipped", run.Out, StringComparison.Ordinal);
        Assert.Contains("identical, nothing was written", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_as_an_acl_user_granted_only_the_demo_keys_on_a_shared_server_digests_and_clears_only_those()
    {
        await using var server = await LocalRedisServer.StartAsync(extraArguments: ["--enable-debug-command", "no"]);
        await AclUser.CreateAsync(server.Port, "app", "pw", "demo:*", "{demo:migrations}*");
        await using (var mux = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{server.Port}"))
        {
            await mux.GetDatabase().StringSetAsync("other:key", "another app's");
        }

        var run = await CliRun.Of("demo", "--redis", $"redis://app:pw@127.0.0.1:{server.Port}", "--records", "300");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("identical, nothing was written", run.Out, StringComparison.Ordinal);
        await using (var mux = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{server.Port}"))
        {
            Assert.Equal("another app's", (string?)await mux.GetDatabase().StringGetAsync("other:key"));
            Assert.Equal(1, (long)await mux.GetServer("127.0.0.1", server.Port).ExecuteAsync("DBSIZE"));
        }
    }

    [Fact]
    public async Task Demo_on_a_cluster_digests_and_clears_every_primary()
    {
        // Given one node's address, the demo must see the whole cluster: a digest of one node (SCAN goes to one node)
        // would count a third of the keys, and a multi-key DEL across slots is refused.
        await using var cluster = await LocalRedisCluster.StartAsync();
        var run = await CliRun.Of("demo", "--redis", $"redis://127.0.0.1:{cluster.Ports[0]}", "--records", "3000");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("identical, nothing was written", run.Out, StringComparison.Ordinal);
        Assert.Contains("Demo finished", run.Out, StringComparison.Ordinal);
        // Every key the demo wrote is counted (3,000 customers, 300 sessions, their instances and the registry's keys)
        // and removed at the end, on every node.
        var counted = System.Text.RegularExpressions.Regex.Match(run.Out, @"\(([0-9,]+) keys; SCAN, then DUMP");
        Assert.True(counted.Success, run.ToString());
        Assert.True(int.Parse(counted.Groups[1].Value, System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture) >= 3_300, counted.Value);
        await using var mux = await ConnectionMultiplexer.ConnectAsync(cluster.Configuration);
        foreach (var port in cluster.Ports)
        {
            var left = await mux.GetServer("127.0.0.1", port).ExecuteAsync("DBSIZE");
            Assert.Equal(0, (long)left);
        }
    }
}
