using Horreum.TestKit;
using StackExchange.Redis;

namespace Horreum.Cli.Tests;

/// <summary>
/// Issue 16 item 5: the migrations Ruby Familia recorded (tests/testdata/familia-golden/migrations-dump.json, bytes as
/// Familia wrote them) show in <c>horreum status</c> as applied by Ruby, read-only, and leave our registry alone.
/// </summary>
public sealed class FamiliaStatusTests(RedisFixture redis)
{
    private const string RubyMigration = "20260101_000000_golden_add_flag";

    [Fact]
    public async Task Status_shows_the_migrations_Ruby_Familia_applied_read_only_beside_ours()
    {
        var ns = RedisFixture.Prefix();
        await RestoreFamiliaLedgerAsync(redis.Db, ns);
        var before = await redis.DigestAsync(ns);
        string[] common = ["--demo", "--redis", $"redis://127.0.0.1:{redis.Port}", "--registry-prefix", ns + ":migrations", "--familia-prefix", ns + ":familia:migrations"];

        var text = await CliRun.Of(["status", .. common]);
        Assert.True(text.ExitCode == 0, text.ToString());
        var section = text.Out.IndexOf("Applied by Ruby Familia (read-only, not in this registry):", StringComparison.Ordinal);
        Assert.True(section > 0, text.ToString());
        var rubyPart = text.Out[section..];
        Assert.Contains(RubyMigration, rubyPart, StringComparison.Ordinal);
        Assert.Contains("applied (Ruby)", rubyPart, StringComparison.Ordinal);
        Assert.Contains("2026-12-02 14:30:45Z", rubyPart, StringComparison.Ordinal);
        // Our own table lists only our migrations: the Ruby one is neither pending nor applied there.
        Assert.DoesNotContain(RubyMigration, text.Out[..section], StringComparison.Ordinal);

        var json = (await CliRun.Of(["status", "--json", .. common])).Json;
        Assert.Equal(4, json.GetProperty("pending").GetInt32());
        Assert.DoesNotContain(json.GetProperty("migrations").EnumerateArray(), m => m.GetProperty("id").GetString() == RubyMigration);
        var ruby = Assert.Single(json.GetProperty("familia_migrations").EnumerateArray());
        Assert.Equal(RubyMigration, ruby.GetProperty("id").GetString());
        Assert.Equal("applied", ruby.GetProperty("status").GetString());
        Assert.Equal(5, ruby.GetProperty("keys_modified").GetInt64());
        Assert.Equal(DateTimeOffset.Parse("2026-12-02T14:30:45+00:00", System.Globalization.CultureInfo.InvariantCulture), ruby.GetProperty("applied_at").GetDateTimeOffset());

        // Read-only: Familia's ledger is byte for byte as it was, and our registry wrote nothing for it.
        Assert.Equal(before, await redis.DigestAsync(ns));
    }

    [Fact]
    public async Task Without_a_Familia_ledger_status_has_no_Ruby_section()
    {
        var ns = RedisFixture.Prefix();
        var run = await CliRun.Of("status", "--demo", "--redis", $"redis://127.0.0.1:{redis.Port}", "--registry-prefix", ns + ":migrations", "--familia-prefix", ns + ":familia:migrations");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.DoesNotContain("Ruby Familia", run.Out, StringComparison.Ordinal);
    }

    /// <summary>Writes the familia:migrations:* keys of migrations-dump.json under <c>{ns}:</c> with the exact bytes.</summary>
    private static Task RestoreFamiliaLedgerAsync(IDatabase db, string ns) =>
        FamiliaGolden.RestoreAsync(db, ns, FamiliaGolden.MigrationsDump, key => key.StartsWith("familia:migrations:", StringComparison.Ordinal));
}
