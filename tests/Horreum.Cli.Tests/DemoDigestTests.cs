using Horreum.Orm.Embedded;

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
}
