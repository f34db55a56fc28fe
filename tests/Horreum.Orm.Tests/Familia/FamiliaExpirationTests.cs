using FamiliaInterop.Models;
using Horreum.TestKit;

namespace Horreum.Orm.Tests.Familia;

/// <summary>Issue 16 item 4: the model's TTL on the object hash, the instances set and related collections; a collection's own TTL kept; saves refresh them.</summary>
public sealed class FamiliaExpirationTests(RedisFixture redis)
{
    [Fact]
    public async Task Save_sets_and_refreshes_the_model_ttl_and_keeps_a_collections_own_ttl()
    {
        var client = TestClients.Create(redis, out var ns);
        var repo = client.Repository<Session2>();
        var session = new Session2 { Sid = "s 1", User = "alice" };
        await repo.SaveAsync(session);
        await session.Crumbs!.AddAsync("/home");
        var objectKey = $"{ns}:session2:s 1:object";
        var crumbsKey = $"{ns}:session2:s 1:crumbs";
        var instancesKey = $"{ns}:session2:instances";

        // Shorten every TTL, then save again: the save sets them back.
        foreach (var key in new[] { objectKey, crumbsKey, instancesKey })
        {
            await redis.Db.KeyExpireAsync(key, TimeSpan.FromSeconds(5));
        }
        await repo.SaveAsync(session);
        Assert.InRange((await redis.Db.KeyTimeToLiveAsync(objectKey))!.Value.TotalSeconds, 290, 300);
        Assert.InRange((await redis.Db.KeyTimeToLiveAsync(instancesKey))!.Value.TotalSeconds, 290, 300);
        Assert.InRange((await redis.Db.KeyTimeToLiveAsync(crumbsKey))!.Value.TotalSeconds, 110, 120);

        // Writing the collection later refreshes its own TTL, not the model's.
        await redis.Db.KeyExpireAsync(crumbsKey, TimeSpan.FromSeconds(5));
        await session.Crumbs.AddAsync("/next");
        Assert.InRange((await redis.Db.KeyTimeToLiveAsync(crumbsKey))!.Value.TotalSeconds, 110, 120);
    }
}
