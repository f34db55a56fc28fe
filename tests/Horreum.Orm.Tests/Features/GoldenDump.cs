using System.Text.Json;
using StackExchange.Redis;

namespace Horreum.Orm.Tests.Features;

/// <summary>
/// The bytes Ruby Familia 2.12 wrote (tests/testdata/familia-golden/dump.json), restored byte for byte under a test's
/// namespace, and read back for comparison. Nothing here is produced by our own code.
/// </summary>
internal static class GoldenDump
{
    private static readonly Lazy<JsonElement[]> s_keys = new(() =>
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Root, "dump.json")));
        return doc.RootElement.GetProperty("keys").EnumerateArray().Select(k => k.Clone()).ToArray();
    });

    /// <summary>The golden data folder inside the repository.</summary>
    public static string Root
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, "tests", "testdata", "familia-golden")))
            {
                dir = dir.Parent;
            }
            return dir is null
                ? throw new DirectoryNotFoundException("tests/testdata/familia-golden not found above " + AppContext.BaseDirectory)
                : Path.Combine(dir.FullName, "tests", "testdata", "familia-golden");
        }
    }

    public static IEnumerable<JsonElement> Keys(string prefix) =>
        s_keys.Value.Where(k => Text(k.GetProperty("key")).StartsWith(prefix, StringComparison.Ordinal));

    public static JsonElement Key(string name) => s_keys.Value.Single(k => Text(k.GetProperty("key")) == name);

    public static byte[] Bytes(JsonElement b) => Convert.FromBase64String(b.GetProperty("b64").GetString()!);

    public static string Text(JsonElement b) => System.Text.Encoding.UTF8.GetString(Bytes(b));

    /// <summary>The hash's field/value pairs as stored, in HGETALL order.</summary>
    public static List<(string Field, string Value)> Hash(string name) =>
        Key(name).GetProperty("hash_redis_order").EnumerateArray().Select(e => (Text(e.GetProperty("field")), Text(e.GetProperty("value")))).ToList();

    /// <summary>Restores every key starting with one of <paramref name="prefixes"/> under <c>{ns}:</c>, bytes as dumped.</summary>
    public static async Task RestoreAsync(IDatabase db, string ns, params string[] prefixes)
    {
        foreach (var key in prefixes.SelectMany(Keys))
        {
            RedisKey name = ns + ":" + Text(key.GetProperty("key"));
            switch (key.GetProperty("type").GetString())
            {
                case "hash":
                    await db.HashSetAsync(name, key.GetProperty("hash_redis_order").EnumerateArray()
                        .Select(e => new HashEntry(Bytes(e.GetProperty("field")), Bytes(e.GetProperty("value")))).ToArray());
                    break;
                case "set":
                    await db.SetAddAsync(name, key.GetProperty("set_sorted").EnumerateArray().Select(e => (RedisValue)Bytes(e)).ToArray());
                    break;
                case "list":
                    await db.ListRightPushAsync(name, key.GetProperty("list").EnumerateArray().Select(e => (RedisValue)Bytes(e)).ToArray());
                    break;
                case "zset":
                    await db.SortedSetAddAsync(name, key.GetProperty("zset").EnumerateArray()
                        .Select(e => new SortedSetEntry(Bytes(e.GetProperty("member")), double.Parse(e.GetProperty("score_text").GetString()!, System.Globalization.CultureInfo.InvariantCulture))).ToArray());
                    break;
                case "string":
                    await db.StringSetAsync(name, Bytes(key.GetProperty("value")));
                    break;
            }
        }
    }
}
