using System.Globalization;
using System.Text;
using System.Text.Json;
using StackExchange.Redis;

namespace Horreum.Orm.Tests.Familia;

/// <summary>One key of a golden dump, its bytes exactly as Familia left them.</summary>
internal sealed record GoldenKey(string Key, string Type, long Pttl, byte[]? Value,
    IReadOnlyList<(byte[] Field, byte[] Value)> Hash, IReadOnlyList<byte[]> Members, IReadOnlyList<(byte[] Member, string ScoreText)> Scored);

/// <summary>
/// The data Ruby Familia 2.12 wrote (testdata/familia-golden in ../shared): parsed from dump.json /
/// migrations-dump.json and restored into Redis byte for byte, each key under a test's own namespace.
/// </summary>
internal static class GoldenData
{
    /// <summary>tests/testdata/familia-golden (a copy of ../shared/testdata/familia-golden kept in the repository).</summary>
    public static string Dir => Features.GoldenDump.Root;

    public static IReadOnlyList<GoldenKey> Dump => s_dump.Value;

    public static IReadOnlyList<GoldenKey> MigrationsDump => s_migrations.Value;

    private static readonly Lazy<IReadOnlyList<GoldenKey>> s_dump = new(() => Parse(Path.Combine(Dir, "dump.json")));
    private static readonly Lazy<IReadOnlyList<GoldenKey>> s_migrations = new(() => Parse(Path.Combine(Dir, "migrations-dump.json")));

    public static GoldenKey Key(string key, IReadOnlyList<GoldenKey>? dump = null) =>
        (dump ?? Dump).FirstOrDefault(k => k.Key == key) ?? throw new KeyNotFoundException($"golden dump has no key '{key}'");

    public static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    /// <summary>Writes every key with the exact bytes (HSET in Redis order, RPUSH, SADD, ZADD with the score text, SET) and its TTL.</summary>
    public static async Task RestoreAsync(IDatabase db, string ns, IReadOnlyList<GoldenKey>? dump = null, Func<string, bool>? which = null)
    {
        foreach (var k in dump ?? Dump)
        {
            if (which is not null && !which(k.Key))
            {
                continue;
            }
            var key = (RedisKey)(ns + ":" + k.Key);
            switch (k.Type)
            {
                case "hash":
                    var args = new List<object> { key };
                    foreach (var (f, v) in k.Hash)
                    {
                        args.Add(f);
                        args.Add(v);
                    }
                    await db.ExecuteAsync("HSET", args.ToArray());
                    break;
                case "list":
                    await db.ListRightPushAsync(key, k.Members.Select(m => (RedisValue)m).ToArray());
                    break;
                case "set":
                    await db.SetAddAsync(key, k.Members.Select(m => (RedisValue)m).ToArray());
                    break;
                case "zset":
                    foreach (var (m, score) in k.Scored)
                    {
                        await db.ExecuteAsync("ZADD", key, score, m);
                    }
                    break;
                case "string":
                    await db.StringSetAsync(key, k.Value!);
                    break;
                default:
                    throw new InvalidOperationException($"golden key {k.Key} has an unknown type {k.Type}");
            }
            if (k.Pttl > 0)
            {
                await db.KeyExpireAsync(key, TimeSpan.FromMilliseconds(k.Pttl));
            }
        }
    }

    /// <summary>The hash as stored: field/value byte pairs in HGETALL order.</summary>
    public static async Task<List<(string Field, string Value)>> HashAsync(IDatabase db, string key) =>
        (await db.HashGetAllAsync(key)).Select(e => ((string)e.Name!, (string)e.Value!)).ToList();

    public static List<(string Field, string Value)> HashText(GoldenKey k) => k.Hash.Select(p => (Text(p.Field), Text(p.Value))).ToList();

    /// <summary>ZRANGE WITHSCORES, each score as Redis prints it over RESP2 (a RESP3 double reply is printed the same way).</summary>
    public static async Task<List<(string Member, string Score)>> ZsetAsync(IDatabase db, string key)
    {
        var reply = (RedisResult[])(await db.ExecuteAsync("ZRANGE", key, 0, -1, "WITHSCORES"))!;
        var result = new List<(string, string)>();
        if (reply.Length > 0 && reply[0].Resp3Type == ResultType.Array)
        {
            // RESP3: [[member, score], ...] with the score a double; printed with %.17g as RESP2 does.
            foreach (var pair in reply)
            {
                var items = (RedisResult[])pair!;
                result.Add(((string)items[0]!, ScoreText((double)items[1])));
            }
            return result;
        }
        for (var i = 0; i < reply.Length; i += 2)
        {
            result.Add(((string)reply[i]!, (string)reply[i + 1]!));
        }
        return result;
    }

    private static string ScoreText(double score) => score.ToString("G17", CultureInfo.InvariantCulture).Replace('E', 'e');

    /// <summary>Our key <c>{ns}:{golden key}</c> holds what Familia wrote: same type, bytes (hash fields in order) and TTL (instances scores excepted: save times).</summary>
    public static async Task AssertSameAsync(Horreum.TestKit.RedisFixture redis, GoldenKey golden, string ns)
    {
        var key = ns + ":" + golden.Key;
        Assert.Equal(golden.Type, (await redis.Db.KeyTypeAsync(key)).ToString().ToLowerInvariant() switch { "sortedset" => "zset", var t => t });
        switch (golden.Type)
        {
            case "hash":
                var ours = await HashAsync(redis.Db, key);
                Assert.True(HashText(golden).SequenceEqual(ours), $"{golden.Key}: Familia wrote {Show(HashText(golden))}, we wrote {Show(ours)}");
                break;
            case "list":
                Assert.Equal(golden.Members.Select(Text), (await redis.Db.ListRangeAsync(key)).Select(v => (string)v!));
                break;
            case "set":
                Assert.Equal(golden.Members.Select(Text), (await redis.Db.SetMembersAsync(key)).Select(v => (string)v!).Order(StringComparer.Ordinal));
                break;
            case "zset":
                var zset = await ZsetAsync(redis.Db, key);
                if (golden.Key.EndsWith(":instances", StringComparison.Ordinal))
                {
                    // Scores are the save times; the members are what must match.
                    Assert.Equal(golden.Scored.Select(m => Text(m.Member)).Order(StringComparer.Ordinal), zset.Select(m => m.Member).Order(StringComparer.Ordinal));
                }
                else
                {
                    Assert.Equal(golden.Scored.Select(m => (Text(m.Member), m.ScoreText)), zset);
                }
                break;
            case "string":
                Assert.Equal(Text(golden.Value!), (string?)await redis.Db.StringGetAsync(key));
                break;
        }
        var pttl = (long)(await redis.Db.ExecuteAsync("PTTL", key));
        if (golden.Pttl < 0)
        {
            Assert.True(pttl == -1, $"{golden.Key}: Familia set no TTL, we have {pttl} ms");
        }
        else
        {
            var ttl = (long)(await redis.Db.ExecuteAsync("TTL", key));
            Assert.True(pttl > 0 && ttl <= (golden.Pttl + 999) / 1000 && ttl >= (golden.Pttl + 999) / 1000 - 30, $"{golden.Key}: Familia's TTL {golden.Pttl} ms, ours {pttl} ms");
        }
    }

    public static string Show(IEnumerable<(string Field, string Value)> hash) => string.Join(" ", hash.Select(p => $"{p.Field}={p.Value}"));

    private static List<GoldenKey> Parse(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var result = new List<GoldenKey>();
        foreach (var k in doc.RootElement.GetProperty("keys").EnumerateArray())
        {
            var key = Text(Bytes(k.GetProperty("key")));
            var type = k.GetProperty("type").GetString()!;
            var pttl = k.GetProperty("pttl").GetInt64();
            byte[]? value = k.TryGetProperty("value", out var v) ? Bytes(v) : null;
            var hash = k.TryGetProperty("hash_redis_order", out var h)
                ? h.EnumerateArray().Select(p => (Bytes(p.GetProperty("field")), Bytes(p.GetProperty("value")))).ToList()
                : [];
            var members = k.TryGetProperty("list", out var l) ? l.EnumerateArray().Select(Bytes).ToList()
                : k.TryGetProperty("set_sorted", out var s) ? s.EnumerateArray().Select(Bytes).ToList()
                : [];
            var scored = k.TryGetProperty("zset", out var z)
                ? z.EnumerateArray().Select(p => (Bytes(p.GetProperty("member")), p.GetProperty("score_text").GetString()!)).ToList()
                : [];
            result.Add(new GoldenKey(key, type, pttl, value, hash, members, scored));
        }
        return result;
    }

    private static byte[] Bytes(JsonElement e) => Convert.FromBase64String(e.GetProperty("b64").GetString()!);
}
