using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Horreum.Orm.Connections;
using Horreum.Orm.Embedded;
using Horreum.Orm.Tests.Models;
using Horreum.Orm.Transport;
using Horreum.TestKit;

namespace Horreum.Orm.Tests.Connections;

/// <summary>HorreumClient.ConnectAsync with URLs and ACL users, against real servers; every connection authenticates the same way.</summary>
public sealed class ConnectTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Fact]
    public async Task ConnectAsync_to_a_port_with_nothing_listening_throws_a_horreum_exception_naming_the_endpoint_and_cause()
    {
        var port = FreePort();
        var clock = Stopwatch.StartNew();
        var ex = await Assert.ThrowsAsync<HorreumConnectionException>(() => HorreumClient.ConnectAsync($"redis://app:o@127.0.0.1:{port}/0", cancellationToken: Ct));
        TestContext.Current.TestOutputHelper!.WriteLine($"{clock.ElapsedMilliseconds} ms: {ex.Message}");
        Assert.IsAssignableFrom<HorreumException>(ex);
        Assert.Equal(ConnectionFailure.Unreachable, ex.Failure);
        Assert.StartsWith($"Cannot connect to Redis at redis://app:***@127.0.0.1:{port}/0: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Connection refused", ex.Message, StringComparison.Ordinal);
        // The password 'o' is masked in its field only: the rest of the message is not garbled.
        Assert.EndsWith("Connection refused: is redis-server running there?", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Acl_user_connects_by_url_and_crud_and_bulk_load_save_go_over_resp_with_the_same_user()
    {
        await using var server = await LocalRedisServer.StartAsync(cancellationToken: Ct);
        await AclUser.CreateAsync(server.Port, "app", "pw", "app:*");
        var options = new HorreumOptions { KeyNamespace = "app", BulkThreshold = 100 };
        await using var client = await HorreumClient.ConnectAsync($"redis://app:pw@127.0.0.1:{server.Port}/0", options, Ct);

        Assert.Equal("app", client.Endpoint.User);
        Assert.Equal("app", client.RecordTransport.Endpoint!.User);
        Assert.Equal("pw", client.RecordTransport.Endpoint.Password);
        var repo = client.Repository<Customer>();
        await repo.SaveAsync(new Customer { Id = "c1", Name = "Ada", Age = 36 }, Ct);
        Assert.Equal("Ada", (await repo.LoadAsync("c1", Ct))!.Name);
        var many = Enumerable.Range(0, 500).Select(i => new Customer { Id = "m" + i, Name = "n" + i, Age = i }).ToList();
        await repo.SaveManyAsync(many, Ct);
        var loaded = await repo.LoadManyAsync(many.Select(c => (object)c.Id).ToList(), Ct);
        Assert.Equal(many.Select(c => c.Name), loaded.Select(c => c!.Name));
        Assert.True(client.BulkPool!.Rentals >= 2, "load-many and save-many went over the RESP pipeline");
        Assert.True(await repo.DestroyAsync((await repo.LoadAsync("c1", Ct))!, Ct));
        Assert.Null(await repo.LoadAsync("c1", Ct));
    }

    [Fact]
    public async Task Wrong_acl_password_is_an_authentication_failure_that_never_shows_the_password()
    {
        await using var server = await LocalRedisServer.StartAsync(cancellationToken: Ct);
        await AclUser.CreateAsync(server.Port, "app", "right-pw", "app:*");

        var ex = await Assert.ThrowsAsync<HorreumConnectionException>(() => HorreumClient.ConnectAsync($"redis://app:wrong-pw@127.0.0.1:{server.Port}", cancellationToken: Ct));
        Assert.Equal(ConnectionFailure.Authentication, ex.Failure);
        Assert.Contains("authentication failed for user 'app'", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-pw", ex.ToString(), StringComparison.Ordinal);

        var resp = await Assert.ThrowsAsync<HorreumConnectionException>(() => RespConnection.ConnectAsync(
            new RespConnectionOptions { Port = server.Port, User = "app", Password = "wrong-pw" }, Ct));
        Assert.Equal(ConnectionFailure.Authentication, resp.Failure);
        Assert.Contains("WRONGPASS", resp.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-pw", resp.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Acl_user_writing_outside_its_key_pattern_gets_noperm_naming_command_and_key_and_nothing_is_written()
    {
        await using var server = await LocalRedisServer.StartAsync(cancellationToken: Ct);
        await AclUser.CreateAsync(server.Port, "app", "pw", "app:*");
        await using var client = await HorreumClient.ConnectAsync($"redis://app:pw@127.0.0.1:{server.Port}", new HorreumOptions { KeyNamespace = "other", BulkThreshold = 10 }, Ct);
        var repo = client.Repository<Customer>();

        var single = await Assert.ThrowsAnyAsync<Exception>(() => repo.SaveAsync(new Customer { Id = "x", Name = "n" }, Ct));
        TestContext.Current.TestOutputHelper!.WriteLine(single.Message);
        Assert.Contains("NOPERM", single.Message, StringComparison.Ordinal);
        var bulk = await Assert.ThrowsAnyAsync<HorreumException>(() => repo.SaveManyAsync(Enumerable.Range(0, 50).Select(i => new Customer { Id = "b" + i }), Ct));
        TestContext.Current.TestOutputHelper!.WriteLine(bulk.Message);
        Assert.Contains("NOPERM", bulk.Message, StringComparison.Ordinal);
        Assert.Contains("other:customer:", bulk.Message, StringComparison.Ordinal);

        await using var admin = await RespConnection.ConnectAsync(new RespConnectionOptions { Port = server.Port }, Ct);
        Assert.Equal(0, (await admin.ExecuteAsync("DBSIZE", null, [], Ct)).Number);
    }

    [Fact]
    public async Task Acl_user_reading_outside_its_key_pattern_gets_noperm_naming_the_command_and_key()
    {
        await using var server = await LocalRedisServer.StartAsync(cancellationToken: Ct);
        await AclUser.CreateAsync(server.Port, "app", "pw", "app:*");
        await using var client = await HorreumClient.ConnectAsync($"redis://app:pw@127.0.0.1:{server.Port}", new HorreumOptions { KeyNamespace = "other" }, Ct);
        var repo = client.Repository<Customer>();

        // StackExchange.Redis reports these replies as bare "NOPERM ..." text; the repository names what it sent.
        var load = await Assert.ThrowsAsync<RedisReplyException>(() => repo.LoadAsync("x", Ct));
        var exists = await Assert.ThrowsAsync<RedisReplyException>(() => repo.ExistsAsync("x", Ct));
        var count = await Assert.ThrowsAsync<RedisReplyException>(() => repo.CountAsync(Ct));

        Assert.Equal(("HGETALL", "other:customer:x:object"), (load.Command, load.Key));
        Assert.Equal(("EXISTS", "other:customer:x:object"), (exists.Command, exists.Key));
        Assert.Equal(("ZCARD", "other:customer:instances"), (count.Command, count.Key));
        Assert.All(new[] { load, exists, count }, e =>
        {
            Assert.StartsWith("NOPERM", e.ServerMessage, StringComparison.Ordinal);
            Assert.Contains($"Redis answered {e.Command} {e.Key}", e.Message, StringComparison.Ordinal);
            Assert.Contains("~other:*", e.Message, StringComparison.Ordinal);
        });
    }
}
