using System.Globalization;
using Horreum.TestKit;
using StackExchange.Redis;

namespace Horreum.Orm.Tests.Familia;

/// <summary>Comparisons of what we stored with what Ruby Familia wrote (<see cref="FamiliaGolden"/>).</summary>
internal static class GoldenData
{
    /// <summary>The hash as stored: field/value byte pairs in HGETALL order.</summary>
    public static async Task<List<(string Field, string Value)>> HashAsync(IDatabase db, string key) =>
        (await db.HashGetAllAsync(key)).Select(e => ((string)e.Name!, (string)e.Value!)).ToList();

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
                Assert.True(FamiliaGolden.HashText(golden).SequenceEqual(ours), $"{golden.Key}: Familia wrote {Show(FamiliaGolden.HashText(golden))}, we wrote {Show(ours)}");
                break;
            case "list":
                Assert.Equal(golden.Members.Select(FamiliaGolden.Text), (await redis.Db.ListRangeAsync(key)).Select(v => (string)v!));
                break;
            case "set":
                Assert.Equal(golden.Members.Select(FamiliaGolden.Text), (await redis.Db.SetMembersAsync(key)).Select(v => (string)v!).Order(StringComparer.Ordinal));
                break;
            case "zset":
                var zset = await ZsetAsync(redis.Db, key);
                if (golden.Key.EndsWith(":instances", StringComparison.Ordinal))
                {
                    // Scores are the save times; the members are what must match.
                    Assert.Equal(golden.Scored.Select(m => FamiliaGolden.Text(m.Member)).Order(StringComparer.Ordinal), zset.Select(m => m.Member).Order(StringComparer.Ordinal));
                }
                else
                {
                    Assert.Equal(golden.Scored.Select(m => (FamiliaGolden.Text(m.Member), m.ScoreText)), zset);
                }
                break;
            case "string":
                Assert.Equal(FamiliaGolden.Text(golden.Value!), (string?)await redis.Db.StringGetAsync(key));
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

}
