using Horreum.Orm.Connections;
using Horreum.Orm.Tests.Models;
using Horreum.Orm.Transport;
using Horreum.TestKit;

namespace Horreum.Orm.Tests.Connections;

/// <summary>TLS on every connection (StackExchange.Redis and the RESP pipeline), against real TLS redis-servers.</summary>
public sealed class TlsTests : IAsyncLifetime
{
    private TestCertificates? _certificates;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private TestCertificates Certs => _certificates!;

    public async ValueTask InitializeAsync() => _certificates = await TestCertificates.CreateAsync();

    public ValueTask DisposeAsync()
    {
        _certificates?.Dispose();
        return ValueTask.CompletedTask;
    }

    private HorreumOptions Options(string? ca = null, bool client = false, string ns = "app")
    {
        var options = new HorreumOptions { KeyNamespace = ns, BulkThreshold = 100 };
        options.Tls.CaFile = ca ?? Certs.CaFile;
        if (client)
        {
            (options.Tls.CertificateFile, options.Tls.KeyFile) = Certs.Pair("client");
        }
        return options;
    }

    [Fact]
    public async Task Tls_with_ca_file_and_acl_user_runs_crud_and_bulk_over_the_resp_pipeline_with_tls()
    {
        await using var server = await TlsRedisServer.StartAsync(Certs, cancellationToken: Ct);
        await AclUser.CreateAsync(server.PlainPort, "app", "pw", "app:*");
        await using var client = await HorreumClient.ConnectAsync(server.Url("app", "pw"), Options(), Ct);

        Assert.True(client.RecordTransport.Endpoint!.UseTls);
        Assert.Equal("app", client.RecordTransport.Endpoint.User);
        var repo = client.Repository<Customer>();
        await repo.SaveAsync(new Customer { Id = "c1", Name = "Ada" }, Ct);
        Assert.Equal("Ada", (await repo.LoadAsync("c1", Ct))!.Name);
        var many = Enumerable.Range(0, 300).Select(i => new Customer { Id = "m" + i, Name = "n" + i }).ToList();
        await repo.SaveManyAsync(many, Ct);
        var loaded = await repo.LoadManyAsync(many.Select(c => (object)c.Id).ToList(), Ct);
        Assert.Equal(many.Select(c => c.Name), loaded.Select(c => c!.Name));
        Assert.True(client.BulkPool!.Rentals >= 2);
    }

    [Fact]
    public async Task Mutual_tls_with_client_certificate_connects_and_without_one_says_a_client_certificate_is_required()
    {
        await using var server = await TlsRedisServer.StartAsync(Certs, requireClientCertificate: true, cancellationToken: Ct);
        await using (var client = await HorreumClient.ConnectAsync(server.Url(), Options(client: true), Ct))
        {
            await client.Repository<Customer>().SaveManyAsync(Enumerable.Range(0, 200).Select(i => new Customer { Id = "x" + i }), Ct);
            Assert.True(client.BulkPool!.Rentals >= 1);
        }

        var ex = await Assert.ThrowsAsync<HorreumConnectionException>(() => HorreumClient.ConnectAsync(server.Url(), Options(), Ct));
        TestContext.Current.TestOutputHelper!.WriteLine(ex.Message);
        Assert.Contains("client certificate", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("password", ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("server", true, "untrusted certificate chain")]
    [InlineData("expired", false, "expired")]
    [InlineData("wronghost", false, "name mismatch")]
    public async Task Bad_certificate_is_a_certificate_failure_naming_the_check_on_both_clients(string certificate, bool otherCa, string check)
    {
        await using var server = await TlsRedisServer.StartAsync(Certs, certificate, cancellationToken: Ct);
        var options = Options(otherCa ? Certs.OtherCaFile : null);

        var ex = await Assert.ThrowsAsync<HorreumConnectionException>(() => HorreumClient.ConnectAsync(server.Url(null, "o"), options, Ct));
        TestContext.Current.TestOutputHelper!.WriteLine(ex.Message);
        Assert.Equal(ConnectionFailure.Certificate, ex.Failure);
        Assert.Contains("certificate check failed: " + check, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("password", ex.Message, StringComparison.OrdinalIgnoreCase);

        var endpoint = RedisEndpoint.Parse(server.Url());
        var resp = await Assert.ThrowsAsync<HorreumConnectionException>(() => RespConnection.ConnectAsync(
            endpoint.ToRespOptions("127.0.0.1", server.TlsPort, 0, new CertificateTrust(options.Tls, "127.0.0.1"), TimeSpan.FromSeconds(5)), Ct));
        Assert.Equal(ConnectionFailure.Certificate, resp.Failure);
        Assert.Contains(check, resp.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Insecure_switch_connects_to_an_untrusted_server_and_warns_loudly()
    {
        await using var server = await TlsRedisServer.StartAsync(Certs, "wronghost", cancellationToken: Ct);
        var warnings = new List<string>();
        var options = new HorreumOptions { Logger = new ListLogger(warnings) };
        options.Tls.Insecure = true;
        await using var client = await HorreumClient.ConnectAsync(server.Url(), options, Ct);
        await client.Database.StringSetAsync("k", "v");
        Assert.Contains(warnings, w => w.Contains("TLS certificate checks are OFF", StringComparison.Ordinal));
    }

    private sealed class ListLogger(List<string> lines) : Microsoft.Extensions.Logging.ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Add(formatter(state, exception));
    }
}
