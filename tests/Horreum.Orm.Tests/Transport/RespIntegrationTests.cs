using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Horreum.Orm.Embedded;
using Horreum.Orm.Transport;
using Horreum.TestKit;

namespace Horreum.Orm.Tests.Transport;

/// <summary>The RESP transport against a real redis-server on loopback.</summary>
public sealed class RespIntegrationTests(RedisFixture redis)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<RespConnection> ConnectAsync(int database = 0) =>
        RespConnection.ConnectAsync(new RespConnectionOptions { Port = redis.Port, Database = database }, Ct);

    [Fact]
    public async Task Pipeline_hset_hgetall_and_scan_round_trip_through_the_server()
    {
        var p = RedisFixture.Prefix();
        await using var connection = await ConnectAsync();
        for (var i = 0; i < 50; i++)
        {
            connection.WriteCommand("HSET", $"{p}:{i}:object", "name", $"\"n{i}\"", "crlf", "a\r\nb");
        }
        await connection.FlushAsync(Ct);
        await connection.ReadRepliesAsync(50, Ct);

        for (var i = 0; i < 50; i++)
        {
            connection.WriteCommand("HGETALL", $"{p}:{i}:object");
        }
        await connection.FlushAsync(Ct);
        var hashes = new CollectingHandler();
        await connection.ReadRepliesAsync(50, hashes, Ct);

        var keys = new HashSet<string>();
        var cursor = "0";
        do
        {
            var page = await connection.ExecuteAsync("SCAN", null, [cursor, "MATCH", p + ":*", "COUNT", "7"], Ct);
            cursor = page.Items![0].Text!;
            keys.UnionWith(page.Items[1].Items!.Select(k => k.Text!));
        }
        while (cursor != "0");

        Assert.Equal(50, hashes.Replies.Count);
        var fields = hashes.Replies[7].Value.Items!.Select(v => v.Text).ToList();
        Assert.Equal("\"n7\"", fields[fields.IndexOf("name") + 1]);
        Assert.Equal("a\r\nb", fields[fields.IndexOf("crlf") + 1]);
        Assert.Equal(50, keys.Count);
        Assert.Equal("\"n3\"", (string?)await redis.Db.HashGetAsync($"{p}:3:object", "name"));
    }

    [Fact]
    public async Task ReadRepliesAsync_wrongtype_error_names_the_key_and_the_connection_stays_usable()
    {
        var p = RedisFixture.Prefix();
        await redis.Db.StringSetAsync(p + ":str", "x");
        await using var connection = await ConnectAsync();
        connection.WriteCommand("HSET", p + ":ok", "f", "1");
        connection.BeginCommand("HSET", 3);
        connection.WriteKey(System.Text.Encoding.UTF8.GetBytes(p + ":str"));
        connection.WriteArgument("f"u8);
        connection.WriteArgument("1"u8);
        await connection.FlushAsync(Ct);

        var error = await Assert.ThrowsAsync<RedisReplyException>(() => connection.ReadRepliesAsync(2, Ct).AsTask());
        var pong = await connection.ExecuteAsync("PING", null, [], Ct);

        Assert.Equal(p + ":str", error.Key);
        Assert.Equal("HSET", error.Command);
        Assert.Contains("WRONGTYPE", error.Message, StringComparison.Ordinal);
        Assert.Equal("PONG", pong.Text);
        Assert.Equal("1", (string?)await redis.Db.HashGetAsync(p + ":ok", "f"));
    }

    [Fact]
    public async Task ConnectAsync_select_database_writes_land_in_that_database()
    {
        var p = RedisFixture.Prefix();
        await using (var db3 = await ConnectAsync(database: 3))
        {
            await db3.ExecuteAsync("SET", p + ":k", ["in-3"], Ct);
        }

        await using var db0 = await ConnectAsync();
        var inZero = await db0.ExecuteAsync("GET", p + ":k", [], Ct);

        Assert.True(inZero.IsNull);
        Assert.Equal("in-3", (string?)await redis.Multiplexer.GetDatabase(3).StringGetAsync(p + ":k"));
    }

    [Fact]
    public async Task ConnectAsync_password_and_acl_user_authenticate_and_wrong_ones_are_refused()
    {
        await using var server = await LocalRedisServer.StartAsync(extraArguments: ["--requirepass", "pw"], cancellationToken: Ct);
        var options = new RespConnectionOptions { Port = server.Port, Password = "pw" };
        await using var admin = await RespConnection.ConnectAsync(options, Ct);
        await admin.ExecuteAsync("ACL", null, ["SETUSER", "alice", "on", ">s3cret", "~*", "+@all"], Ct);

        await using var alice = await RespConnection.ConnectAsync(new RespConnectionOptions { Port = server.Port, User = "alice", Password = "s3cret" }, Ct);
        var whoAmI = await alice.ExecuteAsync("ACL", null, ["WHOAMI"], Ct);
        var wrong = await Assert.ThrowsAsync<Horreum.Orm.Connections.HorreumConnectionException>(() => RespConnection.ConnectAsync(new RespConnectionOptions { Port = server.Port, User = "alice", Password = "nope" }, Ct));
        await using var anonymous = await RespConnection.ConnectAsync(new RespConnectionOptions { Port = server.Port }, Ct);
        var noAuth = await Assert.ThrowsAsync<RedisReplyException>(() => anonymous.ExecuteAsync("GET", "k", [], Ct));

        Assert.Equal("alice", whoAmI.Text);
        Assert.Equal(Horreum.Orm.Connections.ConnectionFailure.Authentication, wrong.Failure);
        Assert.Equal("AUTH", Assert.IsType<RedisReplyException>(wrong.InnerException).Command);
        Assert.DoesNotContain("nope", wrong.ToString(), StringComparison.Ordinal);
        Assert.StartsWith("NOAUTH", noAuth.ServerMessage, StringComparison.Ordinal);
        Assert.Equal("k", noAuth.Key);
    }

    [Fact]
    public async Task ConnectAsync_tls_with_a_pinned_self_signed_certificate_talks_to_the_tls_port()
    {
        var dir = Directory.CreateTempSubdirectory("horreum-tls-").FullName;
        try
        {
            var key = Path.Combine(dir, "k.pem");
            var cert = Path.Combine(dir, "c.pem");
            using (var openssl = Process.Start(new ProcessStartInfo("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost", "-keyout", key, "-out", cert])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            })!)
            {
                await openssl.WaitForExitAsync(Ct);
                Assert.Equal(0, openssl.ExitCode);
            }
            var tlsPort = FreePort();
            await using var server = await LocalRedisServer.StartAsync(extraArguments:
                ["--tls-port", tlsPort.ToString(CultureInfo.InvariantCulture), "--tls-cert-file", cert, "--tls-key-file", key, "--tls-ca-cert-file", cert, "--tls-auth-clients", "no"],
                cancellationToken: Ct);
            using var pinned = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(cert, Ct));
            var thumbprint = pinned.GetCertHashString();
            var options = new RespConnectionOptions
            {
                Port = tlsPort,
                UseTls = true,
                TlsHost = "localhost",
                CertificateValidation = (_, presented, _, _) => presented is not null && presented.GetCertHashString() == thumbprint,
            };

            await using var connection = await RespConnection.ConnectAsync(options, Ct);
            connection.WriteCommand("HSET", "tls:1", "f", "over tls");
            connection.WriteCommand("HGETALL", "tls:1");
            await connection.FlushAsync(Ct);
            var replies = new CollectingHandler();
            await connection.ReadRepliesAsync(2, replies, Ct);

            Assert.Equal("over tls", replies.Replies[1].Value.Items![1].Text);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
