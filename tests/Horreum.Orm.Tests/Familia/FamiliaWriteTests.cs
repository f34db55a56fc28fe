using FamiliaInterop.Models;
using Horreum.Orm.Collections;
using Horreum.Orm.Serialization;
using Horreum.TestKit;

namespace Horreum.Orm.Tests.Familia;

/// <summary>Issue 16 item 3: the same values saved from C# give the bytes Familia wrote (dump.json).</summary>
public sealed class FamiliaWriteTests(RedisFixture redis)
{
    [Fact]
    public async Task Every_value_sample_saves_the_bytes_Familia_wrote()
    {
        var client = TestClients.Create(redis, out var ns);
        var repo = client.Repository<ValueSample>();
        foreach (var (name, value) in FamiliaValueCases.All)
        {
            await repo.SaveAsync(new ValueSample { CaseId = name, V = value });
            var golden = FamiliaGolden.HashText(FamiliaGolden.Key($"value_sample:{name}:object"));
            var ours = await GoldenData.HashAsync(redis.Db, $"{ns}:value_sample:{name}:object");
            Assert.True(golden.SequenceEqual(ours), $"{name}: Familia wrote {GoldenData.Show(golden)}, we wrote {GoldenData.Show(ours)}");
        }
        var members = (await GoldenData.ZsetAsync(redis.Db, $"{ns}:value_sample:instances")).Select(m => m.Member).Order(StringComparer.Ordinal);
        Assert.Equal(FamiliaGolden.Key("value_sample:instances").Scored.Select(m => FamiliaGolden.Text(m.Member)).Order(StringComparer.Ordinal), members);
    }

    [Fact]
    public async Task A_hash_with_integer_keys_is_refused_as_Familia_refuses_it_and_nothing_is_written()
    {
        var client = TestClients.Create(redis, out var ns);
        var repo = client.Repository<ValueSample>();
        var ex = await Assert.ThrowsAsync<FieldEncodeException>(() =>
            repo.SaveAsync(new ValueSample { CaseId = "h_int_keys", V = new Dictionary<long, string> { [1] = "one", [2] = "two" } }));
        Assert.Equal($"{ns}:value_sample:h_int_keys:object", ex.Key);
        Assert.Equal("v", ex.Field);
        Assert.Contains("non-string keys", ex.Message, StringComparison.Ordinal);
        Assert.False(await redis.Db.KeyExistsAsync(ex.Key));
        Assert.False(await redis.Db.KeyExistsAsync($"{ns}:value_sample:instances"));
    }

    [Fact]
    public async Task Resaving_what_was_loaded_gives_the_bytes_of_Familias_own_resave()
    {
        var client = TestClients.Create(redis, out var ns);
        await FamiliaGolden.RestoreAsync(redis.Db, ns, which: k => k.StartsWith("value_sample:", StringComparison.Ordinal) && k.EndsWith(":object", StringComparison.Ordinal));
        var repo = client.Repository<ValueSample>();
        var resaved = FamiliaGolden.MigrationsDump.Where(k => k.Key.StartsWith("value_sample:", StringComparison.Ordinal) && k.Key.EndsWith(":object", StringComparison.Ordinal)).ToList();
        Assert.Equal(52, resaved.Count);
        foreach (var k in resaved)
        {
            var id = k.Key["value_sample:".Length..^":object".Length];
            await repo.SaveAsync((await repo.LoadAsync(id))!);
            var ours = await GoldenData.HashAsync(redis.Db, $"{ns}:{k.Key}");
            Assert.True(FamiliaGolden.HashText(k).SequenceEqual(ours), $"{id}: Familia re-saved {GoldenData.Show(FamiliaGolden.HashText(k))}, we re-saved {GoldenData.Show(ours)}");
        }
    }

    [Fact]
    public async Task Widget_and_its_collections_save_the_bytes_Familia_wrote()
    {
        // Familia stamped updated = Familia.now at the save; a fixed clock at that instant gives the same text.
        var updated = FamiliaTime.FromEpochSeconds(1796221842.94759);
        var client = TestClients.Create(redis, out var ns, clock: new FixedClock(updated));
        var repo = client.Repository<Widget>();
        var w1 = new Widget
        {
            Wid = "w1", Name = "Widget One 🙂", Count = 3, Ratio = 0.5, Active = true, Nothing = null, TagsArr = ["a", "b"],
            Meta = new() { ["k"] = "v", ["n"] = 1L, ["nested"] = new Dictionary<string, object?> { ["x"] = new List<object?> { 1L, 2.5 } } },
            Created = FamiliaTime.FromEpochSeconds(1796221842.94755),
        };
        await repo.SaveAsync(w1);
        await w1.Events!.AddAsync("created");
        await w1.Events.AddAsync(1L);
        await w1.Events.AddAsync(2.5);
        await w1.Events.AddAsync(true);
        await w1.Events.AddAsync(new Dictionary<string, object?> { ["x"] = 1L });
        await w1.Events.AddAsync("007");
        await w1.Labels!.AddAsync("red");
        await w1.Labels.AddAsync("007");
        await w1.Labels.AddAsync(42L);
        await w1.Scores!.AddAsync("alice", 100);
        await w1.Scores.AddAsync("bob", 99.5);
        await w1.Scores.AddAsync("🙂", -1);
        await w1.Scores.AddAsync(7L, 1e20);
        await w1.Scores.AddAsync("tiny", 0.1);
        await w1.Props!.SetAsync("theme", "dark");
        await w1.Props.SetAsync("n", 5L);
        await w1.Props.SetAsync("f", 1.5);
        await w1.Props.SetAsync("b", false);
        await w1.Props.SetAsync("arr", new List<object?> { 1L, "a" });
        await w1.Visits!.IncrementAsync();
        await w1.Visits.IncrementAsync();
        await w1.Visits.IncrementAsync(40);
        await w1.Note!.SetAsync("some note \"q\"");
        var recent = repo.ClassCollection<HorreumList<object>>("recent");
        await recent.AddAsync(w1);
        await recent.AddAsync("w2-as-string");
        await repo.ClassCollection<HorreumHash<object>>("registry").SetAsync("w1", "registered");
        await repo.ClassCollection<HorreumCounter>("total").IncrementAsync();

        foreach (var golden in FamiliaGolden.Dump.Where(k => k.Key.StartsWith("widget:", StringComparison.Ordinal) && k.Key != "widget:w2:object" && k.Key != "widget:instances"))
        {
            await GoldenData.AssertSameAsync(redis, golden, ns);
        }
    }

    [Fact]
    public async Task Items_servers_custom_keys_and_sessions_save_the_bytes_Familia_wrote()
    {
        var client = TestClients.Create(redis, out var ns);
        foreach (var (id, qty) in new[] { ("a:b c", 0L), ("with space", 10L), ("plain", 20L), ("ünï 🙂", 30L), ("007", 40L) })
        {
            await client.Repository<Item2Count>().SaveAsync(new Item2Count { Id = id, Qty = qty });
        }
        await client.Repository<HTTPServer2Config>().SaveAsync(new HTTPServer2Config { Id = "srv1", Port = 8080 });
        await client.Repository<CustomKeyed>().SaveAsync(new CustomKeyed { Id = "k1", Label = "custom" });
        var session = new Session2 { Sid = "sess 1", User = "alice" };
        await client.Repository<Session2>().SaveAsync(session);
        await session.Crumbs!.AddAsync("/home");

        var prefixes = new[] { "item2count:", "http_server2config:", "acme:thing:", "session2:" };
        foreach (var golden in FamiliaGolden.Dump.Where(k => prefixes.Any(p => k.Key.StartsWith(p, StringComparison.Ordinal))))
        {
            await GoldenData.AssertSameAsync(redis, golden, ns);
        }
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
