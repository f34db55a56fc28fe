using System.Globalization;
using Horreum.Orm.Embedded;
using Horreum.Orm.Instrumentation;
using Horreum.JsonSchema;
using Horreum.Orm.Schema;
using Horreum.Orm.Serialization;
using Horreum.Orm.Tests.Models;
using Horreum.Orm.Tests.Schema;
using Horreum.Orm.Transport;
using Horreum.TestKit;
using StackExchange.Redis;

namespace Horreum.Orm.Tests;

/// <summary>
/// Large load-many/save-many calls over the RESP pipeline: the same results, stored bytes and hooks as the
/// StackExchange.Redis path (the reference), errors that name the key, and connections that are never shared.
/// </summary>
public sealed class RespBatchTests(RedisFixture redis)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Customer Make(int i) => new()
    {
        Id = $"c{i}",
        Name = i % 7 == 0 ? null : $"name {i} ü \r\n",
        Age = i,
        Visits = i % 3 == 0 ? null : i * 10L,
        Active = i % 2 == 0,
        Balance = 1234.5678m + i,
        Score = i / 3.0,
        CreatedAt = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(i),
        LastSeen = i % 5 == 0 ? null : new DateTimeOffset(2025, 2, 3, 4, 5, 6, TimeSpan.Zero).AddMilliseconds(i),
        Tier = (Tier)(i % 3),
        Token = i % 4 == 0 ? null : new Guid(i, 0, 0, new byte[8]),
        Tags = i % 6 == 0 ? null : ["a", $"t{i}"],
        Limits = i % 9 == 0 ? new() { ["x"] = i } : null,
        Address = i % 10 == 0 ? new Address("Main\r\nSt", "Town", i) : null,
        Email = $"{i}@x.io",
    };

    private static HorreumClient SeClient(RedisFixture redis, string ns, IHorreumObserver? observer = null, int batchSize = 500, ReadMode mode = ReadMode.Strict)
    {
        var options = new HorreumOptions { KeyNamespace = ns, BatchSize = batchSize, ReadMode = mode, BulkTransport = BulkTransportKind.StackExchange };
        if (observer is not null)
        {
            options.Observers.Add(observer);
        }
        return new HorreumClient(redis.Multiplexer, options);
    }

    // A record as text (its encoded fields, sorted), so two lists of records compare with one Assert.Equal.
    private static string? Snapshot(ModelRepository<Customer> repo, Customer? record) =>
        record is null ? null : record.Id + "|" + string.Join("|", repo.Encode(record).OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}"));

    private static long Rentals(HorreumClient client) => client.BulkPool?.Rentals ?? 0;

    [Fact]
    public async Task LoadMany_over_resp_returns_what_the_StackExchange_path_returns()
    {
        var resp = TestClients.Create(redis, out var ns);
        var se = SeClient(redis, ns);
        await se.Repository<Customer>().SaveManyAsync(Enumerable.Range(0, 3000).Where(i => i % 11 != 0).Select(Make), Ct);
        var random = new Random(42);
        var request = Enumerable.Range(0, 3300).Select(i => (object)$"c{i}").Concat(["c5", "c5", "nope"]).OrderBy(_ => random.Next()).ToList();

        var viaResp = await resp.Repository<Customer>().LoadManyAsync(request, Ct);
        var viaSe = await se.Repository<Customer>().LoadManyAsync(request, Ct);

        Assert.Equal(1, Rentals(resp));
        Assert.Null(se.BulkPool);
        Assert.Equal(request.Count, viaResp.Count);
        var repo = resp.Repository<Customer>();
        Assert.Equal(viaSe.Select(c => Snapshot(repo, c)), viaResp.Select(c => Snapshot(repo, c)));
        for (var i = 0; i < request.Count; i++)
        {
            var n = ((string)request[i])[1..];
            var exists = int.TryParse(n, CultureInfo.InvariantCulture, out var k) && k < 3000 && k % 11 != 0;
            Assert.Equal(exists ? Snapshot(repo, Make(k)) : null, Snapshot(repo, viaResp[i]));
        }
    }

    [Fact]
    public async Task LoadMany_over_resp_reads_values_larger_than_a_receive_buffer_and_the_records_after_them()
    {
        // Each window's replies are kept as bytes in one page: a reply split across receive buffers must land whole,
        // and the records after it must still point at their own bytes.
        var resp = TestClients.Create(redis, out var ns);
        var se = SeClient(redis, ns);
        var records = Enumerable.Range(0, 1_200).Select(i => Make(i)).ToList();
        foreach (var big in new[] { 3, 600, 1_199 })
        {
            records[big].Name = string.Concat(Enumerable.Repeat($"é{big}日😀", 40_000));
        }
        await se.Repository<Customer>().SaveManyAsync(records, Ct);

        var loaded = await resp.Repository<Customer>().LoadManyAsync(records.Select(r => (object)r.Id), Ct);

        Assert.Equal(1, Rentals(resp));
        var repo = resp.Repository<Customer>();
        Assert.Equal(records.Select(r => Snapshot(repo, r)), loaded.Select(r => Snapshot(repo, r)));
    }

    [Fact]
    public async Task SaveMany_over_resp_loads_back_equal_and_stores_the_same_bytes_as_the_StackExchange_path()
    {
        var resp = TestClients.Create(redis, out var nsResp);
        var nsSe = RedisFixture.Prefix();
        var se = SeClient(redis, nsSe);
        var records = Enumerable.Range(0, 3000).Select(Make).ToList();

        await resp.Repository<Customer>().SaveManyAsync(records, Ct);
        await se.Repository<Customer>().SaveManyAsync(records, Ct);
        var loaded = await resp.Repository<Customer>().LoadManyAsync(records.Select(r => (object)r.Id), Ct);

        Assert.Equal(2, Rentals(resp));
        var repo = resp.Repository<Customer>();
        Assert.Equal(records.Select(r => Snapshot(repo, r)), loaded.Select(r => Snapshot(repo, r)));
        Assert.Equal(await StoredAsync(nsSe), await StoredAsync(nsResp));
        Assert.Equal(3000, await resp.Repository<Customer>().CountAsync(Ct));
        Assert.Equal(
            (await redis.Db.SortedSetRangeByRankAsync($"{nsSe}:customer:instances")).Select(v => (string)v!).Order(StringComparer.Ordinal),
            (await redis.Db.SortedSetRangeByRankAsync($"{nsResp}:customer:instances")).Select(v => (string)v!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task SaveMany_over_resp_sets_the_expiration_feature_time_to_live_like_the_StackExchange_path()
    {
        var resp = TestClients.Create(redis, out var nsResp);
        var nsSe = RedisFixture.Prefix();
        var se = SeClient(redis, nsSe);
        var sessions = Enumerable.Range(0, 1500).Select(i => new Session { Id = $"s{i}", User = $"u{i}" }).ToList();

        await resp.Repository<Session>().SaveManyAsync(sessions, Ct);
        await se.Repository<Session>().SaveManyAsync(sessions, Ct);

        Assert.Equal(1, Rentals(resp));
        var stored = await StoredAsync(nsResp);
        Assert.Equal(await StoredAsync(nsSe), stored);
        Assert.Equal(1500, stored.Count);
        Assert.All(stored, s => Assert.EndsWith(":ttl", s, StringComparison.Ordinal));
        var ttl = await redis.Db.KeyTimeToLiveAsync($"{nsResp}:session:s7:object");
        Assert.InRange(ttl!.Value, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(120));
    }

    [Theory]
    [InlineData(BulkTransportKind.Auto)]
    [InlineData(BulkTransportKind.StackExchange)]
    public async Task SaveMany_with_a_key_of_the_wrong_type_in_the_middle_names_it_and_leaves_no_record_half_written(BulkTransportKind transport)
    {
        var observer = new RecordingObserver();
        var client = TestClients.Create(redis, out var ns, observer: observer, transport: transport);
        var repo = client.Repository<Customer>();
        var records = Enumerable.Range(0, 3000).Select(Make).ToList();
        var wrong = repo.KeyFor("c1500");
        await redis.Db.StringSetAsync(wrong, "not a hash");

        var ex = await Assert.ThrowsAsync<RedisReplyException>(() => repo.SaveManyAsync(records, Ct));

        Assert.Equal(wrong, ex.Key);
        Assert.Equal("HMSET", ex.Command);
        Assert.StartsWith("WRONGTYPE", ex.ServerMessage, StringComparison.Ordinal);
        Assert.Contains(wrong, ex.Message, StringComparison.Ordinal);
        Assert.Equal("not a hash", (string?)await redis.Db.StringGetAsync(wrong));
        Assert.Contains(observer.Errors, e => e.Key == wrong && e.Exception == ex);
        Assert.Equal(transport == BulkTransportKind.Auto ? 1 : 0, Rentals(client));

        // Every other record is either wholly written or not written at all, never in part; those before the bad
        // one are written, and exactly the written ones were reported saved.
        var present = new HashSet<string>();
        foreach (var record in records.Where(r => r.Id != "c1500"))
        {
            var entries = await redis.Db.HashGetAllAsync(repo.KeyFor(record.Id));
            if (entries.Length == 0)
            {
                continue;
            }
            present.Add(record.Id);
            Assert.Equal(
                repo.Encode(record).OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}"),
                entries.Select(e => $"{e.Name}={e.Value}").Order(StringComparer.Ordinal));
        }
        Assert.All(Enumerable.Range(0, 1500), i => Assert.Contains($"c{i}", present));
        Assert.Equal(present.Order(StringComparer.Ordinal), observer.Lifecycle.Where(l => l.Kind == LifecycleKind.Saved).Select(l => l.Id).Order(StringComparer.Ordinal));
        // The instances index names exactly the records written: never the refused one.
        var indexed = (await redis.Db.SortedSetRangeByRankAsync($"{ns}:customer:instances")).Select(v => (string)v!);
        Assert.Equal(present.Order(StringComparer.Ordinal), indexed.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(BulkTransportKind.Auto)]
    [InlineData(BulkTransportKind.StackExchange)]
    public async Task LoadMany_of_a_key_of_the_wrong_type_names_it(BulkTransportKind transport)
    {
        var observer = new RecordingObserver();
        var client = TestClients.Create(redis, out _, observer: observer, transport: transport);
        var repo = client.Repository<Customer>();
        await repo.SaveManyAsync(Enumerable.Range(0, 1200).Select(Make), Ct);
        var wrong = repo.KeyFor("c700");
        await redis.Db.KeyDeleteAsync(wrong);
        await redis.Db.ListRightPushAsync(wrong, "x");

        var ex = await Assert.ThrowsAsync<RedisReplyException>(() => repo.LoadManyAsync(Enumerable.Range(0, 1200).Select(i => (object)$"c{i}"), Ct));

        Assert.Equal(wrong, ex.Key);
        Assert.Equal("HGETALL", ex.Command);
        Assert.StartsWith("WRONGTYPE", ex.ServerMessage, StringComparison.Ordinal);
        Assert.Contains(observer.Errors, e => e.Operation == "load-many" && e.Key == wrong);
    }

    [Fact]
    public async Task SaveMany_and_LoadMany_over_resp_raise_the_same_hooks_as_the_StackExchange_path()
    {
        var respObserver = new RecordingObserver();
        var seObserver = new RecordingObserver();
        var resp = TestClients.Create(redis, out var nsResp, observer: respObserver);
        var nsSe = RedisFixture.Prefix();
        var se = SeClient(redis, nsSe, seObserver);
        var records = Enumerable.Range(0, 3000).Select(Make).ToList();
        var ids = Enumerable.Range(0, 3100).Select(i => (object)$"c{i}").ToList();

        await resp.Repository<Customer>().SaveManyAsync(records, Ct);
        await resp.Repository<Customer>().LoadManyAsync(ids, Ct);
        await se.Repository<Customer>().SaveManyAsync(records, Ct);
        await se.Repository<Customer>().LoadManyAsync(ids, Ct);

        Assert.Equal(2, Rentals(resp));
        Assert.Equal(
            ["save-many", "save-many", "save-many", "save-many", "save-many", "save-many", "load-many", "load-many", "load-many", "load-many", "load-many", "load-many", "load-many"],
            respObserver.Pipelines.Select(p => p.Operation));
        Assert.Equal(seObserver.Pipelines.Select(p => (p.Operation, p.Commands)), respObserver.Pipelines.Select(p => (p.Operation, p.Commands)));
        Assert.Equal(seObserver.Commands.Select(c => (c.Command, c.Key[nsSe.Length..])), respObserver.Commands.Select(c => (c.Command, c.Key[nsResp.Length..])));
        Assert.Contains(respObserver.Commands, c => c.Command == "HDEL");
        Assert.Equal(seObserver.Lifecycle.Select(l => (l.Kind, l.Id)), respObserver.Lifecycle.Select(l => (l.Kind, l.Id)));
        Assert.Equal(3000, respObserver.Lifecycle.Count(l => l.Kind == LifecycleKind.Saved));
        Assert.Empty(respObserver.Errors);
    }

    [Fact]
    public async Task LoadMany_over_resp_reports_decode_errors_and_lenient_reads_like_the_StackExchange_path()
    {
        var resp = TestClients.Create(redis, out var ns);
        var se = SeClient(redis, ns);
        await se.Repository<Customer>().SaveManyAsync(Enumerable.Range(0, 1200).Select(Make), Ct);
        var ids = Enumerable.Range(0, 1200).Select(i => (object)$"c{i}").ToList();
        await redis.Db.HashSetAsync(resp.Repository<Customer>().KeyFor("c600"), "age", "not json");

        var viaResp = await Assert.ThrowsAsync<FieldDecodeException>(() => resp.Repository<Customer>().LoadManyAsync(ids, Ct));
        var viaSe = await Assert.ThrowsAsync<FieldDecodeException>(() => se.Repository<Customer>().LoadManyAsync(ids, Ct));

        Assert.Equal(viaSe.Message, viaResp.Message);
        Assert.Equal(resp.Repository<Customer>().KeyFor("c600"), viaResp.Key);
        Assert.Equal("age", viaResp.Field);

        // Lenient: v1 values read, each reported once, the same way on both paths.
        await redis.Db.HashSetAsync(resp.Repository<Customer>().KeyFor("c600"), "age", "600");
        await redis.Db.HashSetAsync(resp.Repository<Customer>().KeyFor("c601"), [new("name", "plain"), new("active", "1")]);
        var respObserver = new RecordingObserver();
        var seObserver = new RecordingObserver();
        var lenientSe = SeClient(redis, ns, seObserver, mode: ReadMode.Lenient);
        var lenientRespRepo = new HorreumClient(redis.Multiplexer, new HorreumOptions { KeyNamespace = ns, ReadMode = ReadMode.Lenient, Observers = { respObserver } }).Repository<Customer>();

        var a = await lenientRespRepo.LoadManyAsync(ids, Ct);
        var b = await lenientSe.Repository<Customer>().LoadManyAsync(ids, Ct);

        Assert.Equal("plain", a[601]!.Name);
        Assert.True(a[601]!.Active);
        Assert.Equal(b.Select(c => Snapshot(lenientRespRepo, c)), a.Select(c => Snapshot(lenientRespRepo, c)));
        Assert.Equal(seObserver.Issues.Select(i => i.ToString()), respObserver.Issues.Select(i => i.ToString()));
        Assert.NotEmpty(respObserver.Issues);
    }

    [Fact]
    public async Task Calls_smaller_than_BulkThreshold_keep_to_StackExchange_batches()
    {
        var client = TestClients.Create(redis, out _);
        var repo = client.Repository<Customer>();
        await repo.SaveManyAsync(Enumerable.Range(0, 999).Select(Make), Ct);
        await repo.LoadManyAsync(Enumerable.Range(0, 999).Select(i => (object)$"c{i}"), Ct);
        Assert.Equal(0, Rentals(client));

        Assert.Equal(1000, (await repo.LoadManyAsync(Enumerable.Range(0, 1000).Select(i => (object)$"c{i}"), Ct)).Count);
        Assert.Equal(1, Rentals(client));

        var small = TestClients.Create(redis, out _, bulkThreshold: 5);
        await small.Repository<Customer>().SaveManyAsync(Enumerable.Range(0, 5).Select(Make), Ct);
        var loaded = await small.Repository<Customer>().LoadManyAsync(["c4", "none", "c0", "c1", "c2"], Ct);
        Assert.Equal(["c4", null, "c0", "c1", "c2"], loaded.Select(c => c?.Id));
        Assert.Equal(2, Rentals(small));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1025)]
    public void PipelineDepth_out_of_range_is_refused_naming_it(int depth)
    {
        Assert.Equal(8, new HorreumOptions().PipelineDepth);
        var ex = Assert.Throws<ArgumentException>(() => new HorreumOptions { PipelineDepth = depth }.Validate());
        Assert.Contains("PipelineDepth", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pipeline_depth_of_one_saves_and_loads_the_same_records()
    {
        var ns = RedisFixture.Prefix();
        var client = new HorreumClient(redis.Multiplexer, new HorreumOptions { KeyNamespace = ns, BatchSize = 100, PipelineDepth = 1 });
        var repo = client.Repository<Customer>();
        var saved = Enumerable.Range(0, 2_500).Select(Make).ToList();

        await repo.SaveManyAsync(saved, Ct);
        var loaded = await repo.LoadManyAsync(saved.Select(c => (object)c.Id), Ct);

        Assert.Equal(saved.Select(c => c.Id), loaded.Select(c => c!.Id));
        Assert.Equal(saved.Select(c => c.Name), loaded.Select(c => c!.Name));
    }

    [Fact]
    public void BulkThreshold_must_be_positive()
    {
        Assert.Equal(1000, new HorreumOptions().BulkThreshold);
        var ex = Assert.Throws<ArgumentException>(() => new HorreumOptions { BulkThreshold = 0 }.Validate());
        Assert.Contains("BulkThreshold", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrent_calls_on_one_client_each_get_their_own_connection_and_dispose_closes_the_idle_ones()
    {
        var client = TestClients.Create(redis, out _, batchSize: 300);
        var repo = client.Repository<Customer>();
        await repo.SaveManyAsync(Enumerable.Range(0, 4000).Select(Make), Ct);

        var calls = Enumerable.Range(0, 8).Select(async k =>
        {
            var ids = Enumerable.Range(0, 2000).Select(i => (object)$"c{(i * 7 + k * 500) % 4000}").ToList();
            var loaded = await repo.LoadManyAsync(ids, Ct);
            return ids.Zip(loaded, (id, c) => (string)id == c?.Id && c.Age == int.Parse(((string)id)[1..], CultureInfo.InvariantCulture)).All(ok => ok);
        }).ToList();
        calls.Add(Task.Run(async () => { await repo.SaveManyAsync(Enumerable.Range(4000, 2000).Select(Make), Ct); return true; }, Ct));

        Assert.All(await Task.WhenAll(calls), Assert.True);
        var pool = client.BulkPool!;
        Assert.Equal(10, pool.Rentals);
        Assert.InRange(pool.IdleCount, 1, RespConnectionPool.MaxIdle);
        Assert.Equal(6000, await repo.CountAsync(Ct));

        await client.DisposeAsync();

        Assert.Equal(0, pool.IdleCount);
    }

    [Fact]
    public async Task A_pooled_connection_the_server_closed_is_not_reused()
    {
        await using var server = await LocalRedisServer.StartAsync(cancellationToken: Ct);
        using var mux = await ConnectionMultiplexer.ConnectAsync(server.ConfigurationString);
        await using var client = new HorreumClient(mux, new HorreumOptions());
        var repo = client.Repository<Customer>();
        await repo.SaveManyAsync(Enumerable.Range(0, 1000).Select(Make), Ct);
        Assert.Equal(1, client.BulkPool!.IdleCount);

        // The pooled connection is the one whose last command was the instances ZADD (StackExchange.Redis never sent one).
        await using (var admin = await RespConnection.ConnectAsync(new RespConnectionOptions { Port = server.Port }, Ct))
        {
            var list = (await admin.ExecuteAsync("CLIENT", null, ["LIST"], Ct)).Text!;
            var pooled = list.Split('\n').Single(line => line.Contains(" cmd=zadd", StringComparison.Ordinal));
            var id = pooled.Split(' ').Single(part => part.StartsWith("id=", StringComparison.Ordinal))[3..];
            await admin.ExecuteAsync("CLIENT", null, ["KILL", "ID", id], Ct);
        }

        var loaded = await repo.LoadManyAsync(Enumerable.Range(0, 1000).Select(i => (object)$"c{i}"), Ct);

        Assert.All(loaded, c => Assert.NotNull(c));
        Assert.Equal(2, client.BulkPool.Rentals);
        Assert.Equal(2, client.BulkPool.Opened);
    }

    [Fact]
    public async Task SaveMany_over_resp_with_one_invalid_record_writes_nothing_of_its_page_and_nothing_after()
    {
        var client = SchemaClients.Create(redis, out var ns);
        var repo = client.Repository<SchemaCustomer>();
        var records = Enumerable.Range(0, 1500)
            .Select(i => new SchemaCustomer { Id = $"m{i}", Name = "Ada", Email = "ada@example.com", Age = 36, Tags = ["a", "b"] })
            .ToList();
        records[1400].Age = 200;

        var ex = await Assert.ThrowsAsync<SchemaValidationException>(() => repo.SaveManyAsync(records, Ct));

        Assert.Equal($"{ns}:schema_customer:m1400:object", ex.Key);
        // Pages of 500: the two before the invalid record's page are written and indexed, its page and the rest not.
        Assert.Equal(1000, await repo.CountAsync(Ct));
        Assert.True(await redis.Db.KeyExistsAsync($"{ns}:schema_customer:m999:object"));
        Assert.False(await redis.Db.KeyExistsAsync($"{ns}:schema_customer:m1000:object"));
        Assert.Equal(1, Rentals(client));

        records[1400].Age = 20;
        await repo.SaveManyAsync(records, Ct);
        Assert.Equal(1500, await repo.CountAsync(Ct));
        Assert.Equal(2, Rentals(client));
    }

    // Every key under the namespace except the instances index (scores are save times), as "key=digest:ttl|persist"
    // with the namespace cut off, so two namespaces written the same way compare equal.
    private async Task<List<string>> StoredAsync(string ns)
    {
        var keys = (await redis.KeysAsync(ns)).Where(k => !k.EndsWith(":instances", StringComparison.Ordinal)).ToList();
        var digests = await Task.WhenAll(keys.Select(k => redis.AdminAsync("DEBUG", "DIGEST-VALUE", k)));
        var ttls = await Task.WhenAll(keys.Select(k => redis.Db.KeyTimeToLiveAsync(k)));
        return keys.Select((k, i) => $"{k[ns.Length..]}={digests[i].Items![0].Text}:{(ttls[i] is null ? "persist" : "ttl")}").ToList();
    }
}
