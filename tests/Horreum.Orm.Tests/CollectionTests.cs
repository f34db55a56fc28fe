using Horreum.Orm.Collections;
using Horreum.Orm.Tests.Models;
using Horreum.TestKit;

namespace Horreum.Orm.Tests;

public sealed class CollectionTests(RedisFixture redis)
{
    [Fact]
    public async Task Related_structures_live_at_prefix_id_name_with_json_members()
    {
        var client = TestClients.Create(redis, out var ns);
        var repo = client.Repository<Account>();
        var a = new Account { Id = "a:1", Owner = "o" };
        await repo.SaveAsync(a);

        await a.History!.AddAsync("007");
        await a.History.PushFrontAsync("first");
        await a.Flags!.AddAsync(42);
        await a.Ranking!.AddAsync("x", 2.5);
        await a.Prices!.SetAsync("tea", 1.10m);
        await a.Home!.SetAsync(new Address("S", "C", 1));
        await a.Logins!.IncrementAsync(3);
        await a.Friends!.AddAsync("b:2");

        var p = $"{ns}:acct:a:1";
        Assert.Equal(["\"first\"", "\"007\""], (await redis.Db.ListRangeAsync(p + ":history")).Select(v => (string)v!));
        Assert.Equal("42", (string?)(await redis.Db.SetMembersAsync(p + ":flags"))[0]);
        Assert.Equal(2.5, await redis.Db.SortedSetScoreAsync(p + ":ranking", "\"x\""));
        Assert.Equal("1.10", (string?)await redis.Db.HashGetAsync(p + ":prices", "tea"));
        Assert.Equal("3", (string?)await redis.Db.StringGetAsync(p + ":logins"));
        Assert.Equal("b:2", (string?)(await redis.Db.SetMembersAsync(p + ":friends"))[0]);

        var loaded = await repo.LoadAsync("a:1");
        Assert.Equal(["first", "007"], await loaded!.History!.RangeAsync());
        Assert.Equal(2, await loaded.History.CountAsync());
        Assert.True(await loaded.Flags!.ContainsAsync(42));
        Assert.Equal([42], await loaded.Flags.MembersAsync());
        Assert.Equal(2.5, await loaded.Ranking!.ScoreAsync("x"));
        Assert.Equal(3.5, await loaded.Ranking.IncrementAsync("x", 1));
        Assert.Equal("x", (await loaded.Ranking.RangeByRankAsync())[0].Key);
        Assert.Equal(["x"], await loaded.Ranking.RangeByScoreAsync(0, 10));
        Assert.Equal(1.10m, await loaded.Prices!.GetAsync("tea"));
        Assert.Equal(1.10m, (await loaded.Prices.GetAllAsync())["tea"]);
        Assert.Equal(new Address("S", "C", 1), await loaded.Home!.GetAsync());
        Assert.Equal(3, await loaded.Logins!.GetAsync());
        Assert.Equal(["b:2"], await loaded.Friends!.MembersAsync());
        Assert.True(await loaded.Prices.RemoveAsync("tea"));
        Assert.Equal(0, await loaded.Prices.CountAsync());
        Assert.Equal(1, await loaded.History.RemoveAsync("007"));
        Assert.True(await loaded.Flags.RemoveAsync(42));
        Assert.Equal(1, await loaded.Ranking.CountAsync());
        Assert.True(await loaded.Ranking.RemoveAsync("x"));
    }

    [Fact]
    public async Task An_unbound_structure_refuses_operations_until_attached()
    {
        var client = TestClients.Create(redis, out var ns);
        var a = new Account { Id = "u", History = new HorreumList<string>() };
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => a.History.AddAsync("x"));
        Assert.Contains("Attach", ex.Message, StringComparison.Ordinal);
        client.Repository<Account>().Attach(a);
        await a.History.AddAsync("x");
        Assert.Equal($"{ns}:acct:u:history", a.History.Key);
    }
}
