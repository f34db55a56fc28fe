using Horreum.Migrations.Hosting;
using Horreum.Migrations.Tests.Safety;
using Horreum.Orm;
using Horreum.TestKit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace Horreum.Migrations.Tests.Connections;

/// <summary>The hosted service takes the same Redis URL (ACL user and TLS included) as the library and the CLI.</summary>
public sealed class HostingConnectionTests
{
    [Fact]
    public async Task AddHorreum_with_a_rediss_url_of_an_acl_user_applies_migrations_on_startup()
    {
        var ct = TestContext.Current.CancellationToken;
        using var certificates = await TestCertificates.CreateAsync();
        await using var server = await TlsRedisServer.StartAsync(certificates, cancellationToken: ct);
        await AclUser.CreateAsync(server.PlainPort, "svc", "pw", "svc:*", "{svc:migrations}:*");
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddHorreum(o =>
            {
                o.ConnectionString = server.Url("svc", "pw");
                o.Client.Tls.CaFile = certificates.CaFile;
                o.RegistryPrefix = "svc:migrations";
                o.KeyNamespace = "svc";
            })
            .AddMigrations(new CountingMigration("20250501_000000_first", "svc", TimeSpan.Zero))
            .ApplyPendingMigrationsOnStartup(StartupMigrationPolicy.Fail);
        using var host = builder.Build();

        await host.StartAsync(ct);

        var client = host.Services.GetRequiredService<HorreumClient>();
        Assert.Equal("svc", client.Endpoint.User);
        Assert.True(client.Endpoint.Tls);
        Assert.Equal(1, (long)await host.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase().StringGetAsync("svc:applied_count:20250501_000000_first"));
        await host.StopAsync(ct);
    }
}
