using Horreum.Orm.Connections;
using Horreum.Orm.Embedded;
using Horreum.Orm.Transport;
using Horreum.TestKit;
using StackExchange.Redis;

namespace Horreum.Orm.Tests.Transport;

/// <summary>Where the RESP pipeline connects: derived from the StackExchange.Redis connection, or set, or not used.</summary>
public sealed class BulkEndpointTests(RedisFixture redis)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Auto_derives_host_port_password_and_database_and_the_derived_endpoint_connects()
    {
        await using var server = await LocalRedisServer.StartAsync(extraArguments: ["--requirepass", "pw 1"], cancellationToken: Ct);
        using var mux = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{server.Port},password=pw 1");
        var client = new HorreumClient(mux, new HorreumOptions { Database = 3 });

        var endpoint = client.RecordTransport.Endpoint;

        Assert.NotNull(endpoint);
        Assert.Equal(server.Port, endpoint.Port);
        Assert.Equal("pw 1", endpoint.Password);
        Assert.Equal(3, endpoint.Database);
        await client.Database.StringSetAsync("probe", "in db 3");
        await using var resp = await RespConnection.ConnectAsync(endpoint, Ct);
        Assert.Equal("in db 3", (await resp.ExecuteAsync("GET", "probe", [], Ct)).Text);
    }

    [Fact]
    public void StackExchange_kind_uses_no_resp_endpoint_and_an_explicit_one_wins_under_auto()
    {
        var se = new HorreumClient(redis.Multiplexer, new HorreumOptions { BulkTransport = BulkTransportKind.StackExchange });
        var configured = new HorreumClient(redis.Multiplexer, new HorreumOptions { BulkConnection = RedisEndpoint.Parse($"redis://127.0.0.1:{redis.Port}/5") });

        Assert.Null(se.RecordTransport.Endpoint);
        Assert.NotNull(configured.RecordTransport.Endpoint);
        Assert.Equal(redis.Port, configured.RecordTransport.Endpoint.Port);
        Assert.Equal(5, configured.RecordTransport.Endpoint.Database);
    }

    [Fact]
    public async Task BulkConnection_given_as_a_url_with_user_password_and_database_connects_with_them()
    {
        await using var server = await LocalRedisServer.StartAsync(extraArguments: ["--requirepass", "pw 2"], cancellationToken: Ct);
        using var mux = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{redis.Port}");
        var client = new HorreumClient(mux, new HorreumOptions
        {
            BulkConnection = RedisEndpoint.Parse($"redis://default:pw%202@127.0.0.1:{server.Port}/4"),
            ConnectTimeout = TimeSpan.FromSeconds(7),
        });

        var endpoint = client.RecordTransport.Endpoint;

        Assert.NotNull(endpoint);
        Assert.Equal(server.Port, endpoint.Port);
        Assert.Equal(TimeSpan.FromSeconds(7), endpoint.ConnectTimeout);
        await using var resp = await RespConnection.ConnectAsync(endpoint, Ct);
        await resp.ExecuteAsync("SET", "probe", ["in db 4"], Ct);
        using var direct = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{server.Port},password=pw 2");
        Assert.Equal("in db 4", (string?)await direct.GetDatabase(4).StringGetAsync("probe"));
    }
}
