using Horreum.TestKit;
using StackExchange.Redis;

namespace Horreum.Orm.Tests;

public sealed class RigTests(RedisFixture redis)
{
    [Fact]
    public async Task Server_answers_ping_on_loopback()
    {
        var latency = await redis.Db.PingAsync();
        Assert.True(latency >= TimeSpan.Zero);
        Assert.StartsWith("127.0.0.1:", redis.Endpoint, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scan_through_execute_works_on_this_client()
    {
        var p = RedisFixture.Prefix();
        await redis.Db.StringSetAsync(p + ":a", "1");
        var reply = await redis.Db.ExecuteAsync("SCAN", "0", "MATCH", p + ":*", "COUNT", "1000");
        var parts = (RedisResult[])reply!;
        Assert.Equal(2, parts.Length);
    }
}
