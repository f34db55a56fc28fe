using Horreum.Orm.Tests.Features.Golden;
using Horreum.TestKit;
using StackExchange.Redis;

namespace Horreum.Orm.Tests.Features;

public sealed class IndexFeatureTests(RedisFixture redis)
{
    [Fact]
    public async Task Save_of_an_email_another_record_holds_throws_and_writes_nothing()
    {
        var client = TestClients.Create(redis, out var ns);
        var repo = client.Repository<Customer>();
        await repo.SaveAsync(new Customer { Objid = "a", Email = "same@example.com", Role = "admin" });
        var before = await redis.DigestAsync(ns);

        var ex = await Assert.ThrowsAsync<RecordExistsException>(() => repo.SaveAsync(new Customer { Objid = "b", Email = "same@example.com", Role = "user" }));

        Assert.Equal("a", ex.ExistingId);
        Assert.Equal("email", ex.Field);
        Assert.Equal($"{ns}:customer:email_lookup", ex.Key);
        Assert.Equal(before, await redis.DigestAsync(ns));
    }

    [Fact]
    public async Task Two_concurrent_saves_of_one_email_exactly_one_wins_and_the_other_writes_nothing()
    {
        var client = TestClients.Create(redis, out var ns);
        await using var otherMux = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var other = new HorreumClient(otherMux, new HorreumOptions { KeyNamespace = ns });
        for (var round = 0; round < 25; round++)
        {
            var email = $"race{round}@example.com";
            var a = new Customer { Objid = $"a{round}", Email = email, Role = "r" };
            var b = new Customer { Objid = $"b{round}", Email = email, Role = "r" };
            var saves = new[] { client.Repository<Customer>().SaveAsync(a), other.Repository<Customer>().SaveAsync(b) };
            await ((Task)Task.WhenAll(saves)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);

            Assert.Equal(1, saves.Count(t => t.IsCompletedSuccessfully));
            var lost = Assert.Single(saves, t => t.IsFaulted);
            Assert.IsType<RecordExistsException>(lost.Exception!.InnerException);
            var winner = saves[0].IsCompletedSuccessfully ? a : b;
            var loser = ReferenceEquals(winner, a) ? b : a;
            Assert.Equal(winner.Objid, (string?)await redis.Db.HashGetAsync($"{ns}:customer:email_lookup", email));
            Assert.False(await redis.Db.KeyExistsAsync($"{ns}:customer:{loser.Objid}:object"));
            Assert.False(await redis.Db.HashExistsAsync($"{ns}:customer:objid_lookup", loser.Objid));
            Assert.False(await redis.Db.SetContainsAsync($"{ns}:customer:role_index:r", loser.Objid));
        }
    }

    [Fact]
    public async Task Changing_indexed_values_moves_the_entries_and_destroy_removes_them_all()
    {
        var client = TestClients.Create(redis, out var ns);
        var repo = client.Repository<Customer>();
        var c = new Customer { Objid = "c1", Email = "old@example.com", Role = "admin" };
        await repo.SaveAsync(c);
        c.Email = "new@example.com";
        c.Role = "user";
        await repo.SaveAsync(c);

        Assert.False(await redis.Db.HashExistsAsync($"{ns}:customer:email_lookup", "old@example.com"));
        Assert.Equal("c1", (await repo.FindByAsync("email", "new@example.com"))!.Objid);
        Assert.Empty(await redis.Db.SetMembersAsync($"{ns}:customer:role_index:admin"));
        Assert.Equal("c1", Assert.Single(await repo.FindAllByAsync("role_index", "user")).Objid);

        c.Role = null;
        await repo.SaveFieldsAsync(c, ["Role"]);
        Assert.Empty(await redis.Db.SetMembersAsync($"{ns}:customer:role_index:user"));

        await repo.SaveAsync(new Customer { Objid = "c2", Email = "other@example.com", Role = "user" });
        Assert.True(await repo.DestroyAsync(c));
        var left = await redis.KeysAsync(ns);
        Assert.DoesNotContain(left, k => k.Contains("c1", StringComparison.Ordinal));
        Assert.False(await redis.Db.HashExistsAsync($"{ns}:customer:email_lookup", "new@example.com"));
        Assert.False(await redis.Db.HashExistsAsync($"{ns}:customer:objid_lookup", "c1"));
        Assert.False(await redis.Db.HashExistsAsync($"{ns}:customer:extid_lookup", c.Extid));
        Assert.Equal("c2", (await repo.FindByAsync("email_lookup", "other@example.com"))!.Objid);
    }

    [Fact]
    public async Task A_unique_entry_left_by_a_vanished_record_is_taken_over()
    {
        var client = TestClients.Create(redis, out var ns);
        var repo = client.Repository<Customer>();
        await redis.Db.HashSetAsync($"{ns}:customer:email_lookup", "ghost@example.com", "gone");

        await repo.SaveAsync(new Customer { Objid = "live", Email = "ghost@example.com" });

        Assert.Equal("live", (string?)await redis.Db.HashGetAsync($"{ns}:customer:email_lookup", "ghost@example.com"));
    }

    [Fact]
    public async Task Create_of_an_existing_record_with_indexes_returns_false_and_writes_nothing()
    {
        var client = TestClients.Create(redis, out var ns);
        var repo = client.Repository<Customer>();
        await repo.SaveAsync(new Customer { Objid = "x", Email = "x@example.com", Role = "a" });
        var before = await redis.DigestAsync(ns);
        Assert.False(await repo.TryCreateAsync(new Customer { Objid = "x", Email = "y@example.com", Role = "b" }));
        Assert.Equal(before, await redis.DigestAsync(ns));
    }
}
