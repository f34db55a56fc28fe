using Horreum.TestKit;

namespace Horreum.Cli.Tests;

/// <summary>The CLI against a TLS redis-server as an ACL user (issue 13's "done when", at test size), and its bad cases.</summary>
public sealed class SecureConnectionTests : IAsyncLifetime
{
    private TestCertificates? _certificates;

    private TestCertificates Certs => _certificates!;

    public async ValueTask InitializeAsync() => _certificates = await TestCertificates.CreateAsync();

    public ValueTask DisposeAsync()
    {
        _certificates?.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Demo_seed_migrate_run_and_status_work_over_tls_as_an_acl_user_and_never_print_the_password()
    {
        await using var server = await TlsRedisServer.StartAsync(Certs);
        await AclUser.CreateAsync(server.PlainPort, "app", "s3cret-pw", "demo:*", "{demo:migrations}:*");
        string[] connection = ["--redis", server.Url("app", "s3cret-pw"), "--tls-ca", Certs.CaFile];

        var seed = await CliRun.Of(["demo", "--seed-only", "--records", "1500", .. connection]);
        var migrate = await CliRun.Of(["migrate", "--demo", "--run", "--yes", .. connection]);
        var status = await CliRun.Of(["status", "--demo", "--json", .. connection]);

        Assert.True(seed.ExitCode == 0, seed.ToString());
        Assert.True(migrate.ExitCode == 0, migrate.ToString());
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains("rediss://app:***@127.0.0.1:" + server.TlsPort, seed.Out, StringComparison.Ordinal);
        Assert.Equal(0, status.Json.GetProperty("pending").GetInt32());
        Assert.All(status.Json.GetProperty("migrations").EnumerateArray(), m => Assert.Equal("applied", m.GetProperty("state").GetString()));
        foreach (var run in new[] { seed, migrate, status })
        {
            Assert.DoesNotContain("s3cret-pw", run.Out + run.Err, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Wrong_ca_is_one_line_naming_the_certificate_check_and_insecure_connects_with_a_warning()
    {
        await using var server = await TlsRedisServer.StartAsync(Certs);

        var wrong = await CliRun.Of("status", "--demo", "--redis", server.Url(null, "o"), "--tls-ca", Certs.OtherCaFile);
        var insecure = await CliRun.Of("status", "--demo", "--redis", server.Url(), "--tls-insecure");

        Assert.Equal(1, wrong.ExitCode);
        Assert.Single(wrong.Err.Trim().Split('\n'));
        Assert.Contains("TLS certificate check failed: untrusted certificate chain", wrong.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("password", wrong.Err, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("rediss://:***@127.0.0.1", wrong.Err, StringComparison.Ordinal);
        Assert.True(insecure.ExitCode == 0, insecure.ToString());
        Assert.Contains("horreum: warning: TLS certificate checks are OFF", insecure.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("o")]
    [InlineData("127")]
    public async Task A_short_password_is_masked_in_its_field_and_garbles_nothing_else(string password)
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var run = await CliRun.Of("status", "--json", "--verbose", "--redis", $"redis://app:{password}@127.0.0.1:{port}");

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith($"horreum: Cannot connect to Redis at redis://app:***@127.0.0.1:{port}/0: Connection refused: is redis-server running there?", run.Err, StringComparison.Ordinal);
        Assert.Contains($"Cannot connect to Redis at redis://app:***@127.0.0.1:{port}/0", run.Json.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain($"app:{password}@", run.Out + run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_client_certificate_is_named_and_the_tls_cert_and_key_options_fix_it()
    {
        await using var server = await TlsRedisServer.StartAsync(Certs, requireClientCertificate: true);
        var (cert, key) = Certs.Pair("client");

        var without = await CliRun.Of("status", "--demo", "--redis", server.Url(), "--tls-ca", Certs.CaFile);
        var with = await CliRun.Of("status", "--demo", "--redis", server.Url(), "--tls-ca", Certs.CaFile, "--tls-cert", cert, "--tls-key", key);

        TestContext.Current.TestOutputHelper!.WriteLine(without.Err);
        Assert.Equal(1, without.ExitCode);
        Assert.Contains("client certificate required", without.Err, StringComparison.Ordinal);
        Assert.True(with.ExitCode == 0, with.ToString());
    }
}
