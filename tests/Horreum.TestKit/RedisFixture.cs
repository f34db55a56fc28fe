using System.Globalization;
using System.Runtime.CompilerServices;
using Horreum.Orm.Embedded;
using Horreum.Orm.Transport;
using StackExchange.Redis;
using Xunit;

namespace Horreum.TestKit;

/// <summary>
/// The one Redis every test of an assembly talks to: a private redis-server on a free loopback port
/// (no persistence), or the server named by HORREUM_TEST_REDIS. Tests never FLUSHDB: each takes its own
/// key prefix from <see cref="Prefix"/>.
/// </summary>
public sealed class RedisFixture : IAsyncLifetime
{
    private static int s_counter;
    private LocalRedisServer? _server;
    private ConnectionMultiplexer? _mux;

    /// <summary>host:port of the server under test.</summary>
    public string Endpoint { get; private set; } = "";

    /// <summary>
    /// StackExchange.Redis configuration string, without <c>allowAdmin</c>: the code under test must work on the
    /// connection an application has. The fixture's own DEBUG commands go over <see cref="AdminAsync"/>.
    /// </summary>
    public string Configuration => $"{Endpoint},abortConnect=false,syncTimeout=15000";

    /// <summary>Port of the server under test.</summary>
    public int Port => int.Parse(Endpoint[(Endpoint.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture);

    /// <summary>Whether the fixture started the server itself (false when HORREUM_TEST_REDIS is used).</summary>
    public bool OwnsServer => _server is not null;

    /// <summary>The shared multiplexer.</summary>
    public ConnectionMultiplexer Multiplexer => _mux ?? throw new InvalidOperationException("fixture not initialised");

    /// <summary>Database 0 of the shared multiplexer.</summary>
    public IDatabase Db => Multiplexer.GetDatabase();

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        var external = Environment.GetEnvironmentVariable("HORREUM_TEST_REDIS");
        if (!string.IsNullOrWhiteSpace(external))
        {
            Endpoint = external.Trim();
        }
        else
        {
            if (LocalRedisServer.FindOnPath("redis-server") is null)
            {
                throw new InvalidOperationException(
                    "The tests need redis-server on PATH (or HORREUM_TEST_REDIS=host:port). Install it with: "
                    + LocalRedisServer.InstallHint + "  (or run ./run.sh test, which installs it).");
            }
            _server = await LocalRedisServer.StartAsync().ConfigureAwait(false);
            Endpoint = $"127.0.0.1:{_server.Port}";
        }
        _mux = await ConnectionMultiplexer.ConnectAsync(Configuration).ConfigureAwait(false);
    }

    /// <summary>
    /// A key prefix unique to the calling test (file + member + a counter), so tests share one server
    /// without seeing each other's keys.
    /// </summary>
    public static string Prefix([CallerFilePath] string file = "", [CallerMemberName] string member = "")
    {
        var n = Interlocked.Increment(ref s_counter);
        return $"t{Environment.ProcessId % 10000}_{Path.GetFileNameWithoutExtension(file)}_{member}_{n}".ToLowerInvariant();
    }

    /// <summary>DEBUG DIGEST of the whole server: equal before and after means nothing was written.</summary>
    public async Task<string> DigestAsync() => (await AdminAsync("DEBUG", "DIGEST").ConfigureAwait(false)).Text ?? "";

    /// <summary>
    /// Sends one command (DEBUG, SCRIPT FLUSH, CLIENT KILL...) over a RESP connection of its own: StackExchange.Redis
    /// gates these behind <c>allowAdmin</c>, which the shared connection deliberately lacks.
    /// </summary>
    internal async Task<RespValue> AdminAsync(string command, params string[] arguments)
    {
        var colon = Endpoint.LastIndexOf(':');
        await using var connection = await RespConnection.ConnectAsync(new RespConnectionOptions { Host = Endpoint[..colon], Port = Port }).ConfigureAwait(false);
        return await connection.ExecuteAsync(command, null, arguments).ConfigureAwait(false);
    }

    /// <summary>
    /// A digest of every key under <paramref name="prefix"/> (names, values via DEBUG DIGEST-VALUE, and whether each
    /// expires). Equal before and after means nothing under the prefix was written, even while other tests run.
    /// A prefix without a trailing ':' is a namespace: its keys are <c>{prefix}:…</c>, so namespace <c>…_2</c> does not
    /// take in the keys of another test's <c>…_20</c>.
    /// </summary>
    public async Task<string> DigestAsync(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var parts = new List<string>();
        foreach (var key in await KeysAsync(prefix).ConfigureAwait(false))
        {
            var digest = await AdminAsync("DEBUG", "DIGEST-VALUE", key).ConfigureAwait(false);
            var ttl = await Db.KeyTimeToLiveAsync(key).ConfigureAwait(false);
            parts.Add($"{key}={digest.Items![0].Text}:{(ttl is null ? "persist" : "ttl")}");
        }
        return string.Join("\n", parts);
    }

    /// <summary>
    /// Every key under <paramref name="prefix"/>, sorted. As for <see cref="DigestAsync(string)"/>, a prefix without a
    /// trailing ':' is a namespace: <c>{prefix}</c> itself and <c>{prefix}:…</c>, never another test's <c>{prefix}0:…</c>.
    /// </summary>
    public async Task<IReadOnlyList<string>> KeysAsync(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var under = prefix.EndsWith(':') ? prefix : prefix + ":";
        var keys = new List<string>();
        var cursor = "0";
        do
        {
            var reply = (RedisResult[])(await Db.ExecuteAsync("SCAN", cursor, "MATCH", prefix + "*", "COUNT", "1000").ConfigureAwait(false))!;
            cursor = (string)reply[0]!;
            keys.AddRange(((RedisKey[])reply[1]!).Select(k => (string)k!));
        }
        while (cursor != "0");
        return keys.Where(k => k == prefix || k.StartsWith(under, StringComparison.Ordinal)).Distinct().Order(StringComparer.Ordinal).ToList();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_mux is not null)
        {
            await _mux.CloseAsync(allowCommandsToComplete: false).ConfigureAwait(false);
            _mux.Dispose();
        }
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }
    }
}
