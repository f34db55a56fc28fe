using Horreum.Orm.Tests.Features.Golden;
using Horreum.TestKit;

namespace Horreum.Orm.Tests.Features;

public sealed class RelationshipTests(RedisFixture redis)
{
    [Fact]
    public async Task Golden_team_members_and_participations_read_back()
    {
        var client = TestClients.Create(redis, out var ns);
        await FamiliaGolden.RestorePrefixesAsync(redis.Db, ns, "team:", "customer:");

        var team = await client.Repository<Team>().LoadAsync("red");
        Assert.Equal("Red Team", team!.Name);
        var members = (await team.Members!.RangeByRankAsync()).Select(m => m.Key);
        Assert.Equal(["01a2372a-369d-74ff-a34a-a6abc7f944ea", "01a2372a-36cc-78c3-929f-95b109b1e39f"], members);
        var alice = await client.Repository<Customer>().FindByAsync("email", "alice@example.com");
        Assert.Equal(["team:red:members"], await client.Repository<Customer>().ParticipationsAsync(alice!));
        Assert.Equal(["login"], await alice!.History!.RangeAsync());
        Assert.Equal(["beta"], await alice.Flags!.MembersAsync());
    }

    [Fact]
    public async Task Joining_writes_both_sides_as_Familia_does_and_destroy_leaves_every_collection()
    {
        var client = TestClients.Create(redis, out var ns);
        await client.Repository<Team>().SaveAsync(new Team { TeamId = "red", Name = "Red Team" });
        await client.Repository<Team>().SaveAsync(new Team { TeamId = "blue", Name = "Blue Team" });
        var customers = client.Repository<Customer>();
        var alice = new Customer { Objid = "01a2372a-369d-74ff-a34a-a6abc7f944ea", Email = "alice@example.com", Created = 1796221843.0982656 };
        await customers.SaveAsync(alice);

        await customers.AddToAsync<Team>(alice, "red", "members");
        await customers.AddToAsync<Team>(alice, "blue", "members");

        var golden = FamiliaGolden.Key("team:red:members").Scored[0];
        var score = await redis.Db.SortedSetScoreAsync($"{ns}:team:red:members", alice.Objid);
        Assert.Equal(double.Parse(golden.ScoreText, System.Globalization.CultureInfo.InvariantCulture), score);
        var participations = (await redis.Db.SetMembersAsync($"{ns}:customer:{alice.Objid}:participations")).Select(m => (string)m!).Order(StringComparer.Ordinal);
        Assert.Equal([$"\"{ns}:team:blue:members\"", $"\"{ns}:team:red:members\""], participations);
        Assert.InRange((await redis.Db.KeyTimeToLiveAsync($"{ns}:customer:{alice.Objid}:participations"))!.Value.TotalSeconds, 3590, 3600);

        await customers.RemoveFromAsync<Team>(alice, "blue", "members");
        Assert.Equal(0, await redis.Db.SortedSetLengthAsync($"{ns}:team:blue:members"));
        Assert.Equal([$"{ns}:team:red:members"], await customers.ParticipationsAsync(alice));

        await customers.DestroyAsync(alice);
        Assert.Equal(0, await redis.Db.SortedSetLengthAsync($"{ns}:team:red:members"));
        Assert.False(await redis.Db.KeyExistsAsync($"{ns}:customer:{alice.Objid}:participations"));
    }

    [Fact]
    public async Task Concurrent_joins_and_destroys_leave_both_sides_consistent()
    {
        var client = TestClients.Create(redis, out var ns);
        await client.Repository<Team>().SaveAsync(new Team { TeamId = "t" });
        var customers = client.Repository<Customer>();
        var all = Enumerable.Range(0, 40).Select(i => new Customer { Objid = $"c{i}", Email = $"c{i}@example.com", Created = i }).ToList();
        await Task.WhenAll(all.Select(c => customers.SaveAsync(c)));

        await Task.WhenAll(all.Select(c => customers.AddToAsync<Team>(c, "t", "members")));
        await Task.WhenAll(all.Where((_, i) => i % 2 == 0).Select(c => customers.DestroyAsync(c)));

        var members = (await redis.Db.SortedSetRangeByRankAsync($"{ns}:team:t:members")).Select(m => (string)m!).ToList();
        Assert.Equal(all.Where((_, i) => i % 2 == 1).Select(c => c.Objid), members);
        foreach (var c in all)
        {
            Assert.Equal(members.Contains(c.Objid), await redis.Db.KeyExistsAsync($"{ns}:customer:{c.Objid}:participations"));
        }
    }
}
