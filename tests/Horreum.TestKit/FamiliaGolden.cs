using System.Text;
using System.Text.Json;
using StackExchange.Redis;

namespace Horreum.TestKit;

/// <summary>One key of a golden dump, its bytes exactly as Familia left them.</summary>
public sealed record GoldenKey(string Key, string Type, long Pttl, byte[]? Value,
    IReadOnlyList<(byte[] Field, byte[] Value)> Hash, IReadOnlyList<byte[]> Members, IReadOnlyList<(byte[] Member, string ScoreText)> Scored);

/// <summary>
/// The data Ruby Familia 2.12 wrote (tests/testdata/familia-golden, a copy of ../shared/testdata/familia-golden kept
/// in the repository): dump.json and migrations-dump.json parsed, and restored into Redis byte for byte under a
/// test's own namespace. Nothing here is produced by our own code.
/// </summary>
public static class FamiliaGolden
{
    private static readonly Lazy<IReadOnlyList<GoldenKey>> s_dump = new(() => Parse(Path.Combine(Dir, "dump.json")));
    private static readonly Lazy<IReadOnlyList<GoldenKey>> s_migrations = new(() => Parse(Path.Combine(Dir, "migrations-dump.json")));

    /// <summary>tests/testdata/familia-golden, found above the test's output folder.</summary>
    public static string Dir
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var golden = Path.Combine(dir.FullName, "tests", "testdata", "familia-golden");
                if (File.Exists(Path.Combine(golden, "dump.json")))
                {
                    return golden;
                }
            }
            throw new DirectoryNotFoundException("tests/testdata/familia-golden/dump.json not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>The keys of dump.json (the golden models' records and structures).</summary>
    public static IReadOnlyList<GoldenKey> Dump => s_dump.Value;

    /// <summary>The keys of migrations-dump.json (Familia's migration ledger).</summary>
    public static IReadOnlyList<GoldenKey> MigrationsDump => s_migrations.Value;

    /// <summary>The key named <paramref name="key"/> of <paramref name="dump"/> (default <see cref="Dump"/>).</summary>
    public static GoldenKey Key(string key, IReadOnlyList<GoldenKey>? dump = null) =>
        (dump ?? Dump).FirstOrDefault(k => k.Key == key) ?? throw new KeyNotFoundException($"golden dump has no key '{key}'");

    /// <summary>UTF-8 text of stored bytes.</summary>
    public static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    /// <summary>A golden hash's field/value pairs as text, in HGETALL order.</summary>
    public static List<(string Field, string Value)> HashText(GoldenKey k)
    {
        ArgumentNullException.ThrowIfNull(k);
        return k.Hash.Select(p => (Text(p.Field), Text(p.Value))).ToList();
    }

    /// <summary>Restores the keys of <see cref="Dump"/> starting with one of <paramref name="prefixes"/> under <c>{ns}:</c>.</summary>
    public static Task RestorePrefixesAsync(IDatabase db, string ns, params string[] prefixes) =>
        RestoreAsync(db, ns, Dump, key => prefixes.Any(p => key.StartsWith(p, StringComparison.Ordinal)));

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
