using Horreum.Orm.Serialization;
using Horreum.Orm.Tests.Models;
using Horreum.TestKit;

namespace Horreum.Orm.Tests;

public sealed class BatchTests(RedisFixture redis)
{
    [Fact]
    public async Task LoadMany_of_10000_ids_goes_out_as_pipelined_batches()
    {
        var observer = new RecordingObserver();
        var client = TestClients.Create(redis, out _, observer: observer);
        var repo = client.Repository<Customer>();
        var records = Enumerable.Range(0, 10_000).Select(i => new Customer { Id = $"c{i}", Age = i }).ToList();
        await repo.SaveManyAsync(records);
        observer.Pipelines.Clear();
        observer.Commands.Clear();

        var loaded = await repo.LoadManyAsync(records.Select(r => (object)r.Id));

        Assert.Equal(10_000, loaded.Count);
        Assert.All(loaded.Select((c, i) => (c, i)), x => Assert.Equal(x.i, x.c!.Age));
        // 10,000 HGETALLs in 20 pipelined groups of 500, not 10,000 awaited round trips.
        Assert.Equal(20, observer.Pipelines.Count(p => p.Operation == "load-many"));
        Assert.All(observer.Pipelines, p => Assert.Equal(500, p.Commands));
    }

    [Fact]
    public async Task LoadMany_keeps_request_order_with_null_for_missing_ids()
    {
        var client = TestClients.Create(redis, out _, batchSize: 3);
        var repo = client.Repository<Customer>();
        await repo.SaveManyAsync([new Customer { Id = "a" }, new Customer { Id = "c" }]);
        var loaded = await repo.LoadManyAsync(["c", "missing", "a", "a", "zz"]);
        Assert.Equal(["c", null, "a", "a", null], loaded.Select(c => c?.Id));
    }

    [Fact]
    public async Task SaveMany_with_one_bad_value_writes_nothing_of_its_page()
    {
        var client = TestClients.Create(redis, out var ns);
        var records = Enumerable.Range(0, 1200).Select(i => new Customer { Id = $"c{i}" }).ToList();
        records[1100].Extra = new MemoryStream();
        var ex = await Assert.ThrowsAsync<FieldEncodeException>(() => client.Repository<Customer>().SaveManyAsync(records));
        Assert.Equal($"{ns}:customer:c1100:object", ex.Key);
        // Pages of 500: the first two are written (and indexed), the bad record's page is not.
        var keys = (await redis.KeysAsync(ns)).ToHashSet();
        Assert.Equal(1000 + 1, keys.Count);
        Assert.Contains($"{ns}:customer:instances", keys);
        Assert.All(Enumerable.Range(0, 1000), i => Assert.Contains($"{ns}:customer:c{i}:object", keys));
        Assert.Equal(1000, await client.Repository<Customer>().CountAsync());
    }

    [Fact]
    public async Task Scan_streams_every_record_of_the_model_only()
    {
        var client = TestClients.Create(redis, out var ns, batchSize: 7);
        var repo = client.Repository<Customer>();
        await repo.SaveManyAsync(Enumerable.Range(0, 50).Select(i => new Customer { Id = $"id:{i}", Age = i }));
        await client.Repository<Account>().SaveAsync(new Account { Id = "other" });
        await redis.Db.StringSetAsync($"{ns}:customer:not-a-record", "x");

        var seen = new List<int>();
        await foreach (var c in repo.ScanAsync())
        {
            seen.Add(c.Age);
        }
        Assert.Equal(Enumerable.Range(0, 50), seen.Distinct().Order());
    }

    [Fact]
    public async Task Lenient_LoadMany_reports_v1_values_through_the_hook()
    {
        var observer = new RecordingObserver();
        var client = TestClients.Create(redis, out var ns, ReadMode.Lenient, observer);
        await redis.Db.HashSetAsync($"{ns}:customer:v:object", [new("name", "plain"), new("active", "1")]);
        var loaded = await client.Repository<Customer>().LoadManyAsync(["v"]);
        Assert.Equal("plain", loaded[0]!.Name);
        Assert.True(loaded[0]!.Active);
        Assert.Equal(2, observer.Issues.Count);
    }
}
