using Horreum.Orm.Modeling;
using Horreum.Orm.Tests.Models;
using Horreum.TestKit;
using StackExchange.Redis;

namespace Horreum.Orm.Tests;

/// <summary>A local three-primary cluster, shared by this class's tests.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public LocalRedisCluster Cluster { get; private set; } = null!;
    public ConnectionMultiplexer Multiplexer { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Cluster = await LocalRedisCluster.StartAsync();
        Multiplexer = await ConnectionMultiplexer.ConnectAsync(Cluster.Configuration);
    }

    public async ValueTask DisposeAsync()
    {
        await Multiplexer.CloseAsync(allowCommandsToComplete: false);
        Multiplexer.Dispose();
        await Cluster.DisposeAsync();
    }
}

public sealed class ClusterTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private HorreumClient Client(out string ns)
    {
        ns = RedisFixture.Prefix();
        return new HorreumClient(fixture.Multiplexer, new HorreumOptions { KeyNamespace = ns, BatchSize = 50 });
    }

    [Fact]
    public void Bulk_transport_resp_is_refused_on_a_cluster_with_a_clear_message_and_auto_falls_back()
    {
        var resp = new HorreumClient(fixture.Multiplexer, new HorreumOptions { BulkTransport = BulkTransportKind.Resp });
        var auto = new HorreumClient(fixture.Multiplexer);

        var error = Assert.Throws<NotSupportedException>(() => resp.RecordTransport);
        Assert.Contains("Cluster", error.Message, StringComparison.Ordinal);
        Assert.Equal("se-batch", auto.RecordTransport.Name);
        Assert.Null(auto.RecordTransport.Endpoint);
    }

    [Fact]
    public async Task Save_create_and_destroy_work_across_hash_slots()
    {
        var client = Client(out _);
        Assert.True(client.IsCluster);
        var accounts = client.Repository<Account>();
        var a = new Account { Id = "a1", Owner = "o" };
        await accounts.SaveAsync(a);
        await a.History!.AddAsync("x");
        Assert.False(await accounts.TryCreateAsync(new Account { Id = "a1", Owner = "other" }));
        Assert.True(await accounts.TryCreateAsync(new Account { Id = "a2", Owner = "new" }));
        Assert.Equal("o", (await accounts.LoadAsync("a1"))!.Owner);
        Assert.Equal(2, await accounts.CountAsync());

        var sessions = client.Repository<Session>();
        var s = new Session { Id = "s1", User = "u" };
        await sessions.SaveAsync(s); // expiration touches the hash and the related key, in different slots
        await s.Events!.AddAsync("e");

        Assert.True(await accounts.DestroyAsync(a));
        Assert.Null(await accounts.LoadAsync("a1"));
        Assert.Equal(0, await a.History.CountAsync());
        Assert.Equal(1, await accounts.CountAsync());
    }

    [Fact]
    public async Task Scan_visits_every_primary_and_load_many_keeps_order()
    {
        var client = Client(out var ns);
        var repo = client.Repository<Customer>();
        await repo.SaveManyAsync(Enumerable.Range(0, 300).Select(i => new Customer { Id = $"c{i}", Age = i }));

        // The keys really are spread over the three primaries.
        var perNode = new List<long>();
        foreach (var port in fixture.Cluster.Ports)
        {
            var server = fixture.Multiplexer.GetServer("127.0.0.1", port);
            perNode.Add(server.Keys(pattern: $"{ns}:customer:*:object", pageSize: 1000).LongCount());
        }
        Assert.All(perNode, n => Assert.True(n > 0));
        Assert.Equal(300, perNode.Sum());

        var ids = new List<string>();
        await foreach (var id in repo.ScanIdsAsync())
        {
            ids.Add(id);
        }
        Assert.Equal(300, ids.Distinct().Count());
        var loaded = await repo.LoadManyAsync(["c7", "nope", "c299"]);
        Assert.Equal([7, -1, 299], loaded.Select(c => c?.Age ?? -1));
    }

    [Fact]
    public async Task Scan_with_a_primary_down_fails_naming_it_instead_of_returning_the_other_primaries_keys()
    {
        // Its own cluster: a node is killed. A scan that skipped the dead primary would let a migration record itself
        // applied with a third of the records untouched.
        await using var cluster = await LocalRedisCluster.StartAsync();
        await using var client = await HorreumClient.ConnectAsync(cluster.Configuration, new HorreumOptions { KeyNamespace = "down" });
        var repo = client.Repository<Customer>();
        await repo.SaveManyAsync(Enumerable.Range(0, 200).Select(i => new Customer { Id = $"c{i}", Name = "n", Age = i }));
        var dead = cluster.Ports[1];

        await cluster.KillNodeAsync(1);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (client.Connection.GetServer("127.0.0.1", dead).IsConnected && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(50);
        }

        var error = await Assert.ThrowsAsync<HorreumException>(async () =>
        {
            await foreach (var _ in repo.ScanIdsAsync())
            {
            }
        });
        Assert.Contains($"127.0.0.1:{dead}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unique_index_saves_atomically_when_a_hash_tag_puts_the_model_in_one_slot()
    {
        var tagged = new HorreumClient(fixture.Multiplexer, new HorreumOptions { KeyNamespace = "{" + RedisFixture.Prefix() + "}" });
        var members = tagged.Repository<ClusterMember>();
        await members.SaveAsync(new ClusterMember { Id = "m1", Email = "a@x", Role = "admin" });
        await members.SaveAsync(new ClusterMember { Id = "m2", Email = "b@x", Role = "admin" });

        Assert.Equal("m1", (await members.FindByAsync("email_lookup", "a@x"))!.Id);
        var taken = await Assert.ThrowsAsync<RecordExistsException>(() => members.SaveAsync(new ClusterMember { Id = "m3", Email = "a@x" }));
        Assert.Equal("m1", taken.ExistingId);
        Assert.Null(await members.LoadAsync("m3"));
        await members.SaveAsync(new ClusterMember { Id = "m1", Email = "c@x", Role = "admin" });
        await members.SaveAsync(new ClusterMember { Id = "m3", Email = "a@x" });
        Assert.Equal("m3", (await members.FindByAsync("email_lookup", "a@x"))!.Id);
        Assert.Empty((await members.AuditIndexesAsync()).Stale);
    }

    [Fact]
    public async Task Unique_index_across_hash_slots_is_refused_naming_the_index_key_and_the_hash_tag_that_fixes_it()
    {
        // A fixed namespace: its keys' slots are fixed too (the record's and the index's differ), and nothing is written.
        var plain = new HorreumClient(fixture.Multiplexer, new HorreumOptions { KeyNamespace = "uniq_plain" });
        Assert.NotEqual(fixture.Multiplexer.HashSlot("uniq_plain:cluster_member:m1:object"), fixture.Multiplexer.HashSlot("uniq_plain:cluster_member:email_lookup"));

        var refused = await Assert.ThrowsAsync<NotSupportedException>(() => plain.Repository<ClusterMember>().SaveAsync(new ClusterMember { Id = "m1", Email = "a@x" }));

        Assert.Contains("'uniq_plain:cluster_member:email_lookup'", refused.Message, StringComparison.Ordinal);
        Assert.Contains("hash tag", refused.Message, StringComparison.Ordinal);
        Assert.False(await fixture.Multiplexer.GetDatabase().KeyExistsAsync("uniq_plain:cluster_member:m1:object"));
    }
}

[Feature("relationships")]
public sealed class ClusterMember
{
    [Identifier] public string Id { get; set; } = "";
    [UniqueIndex("email_lookup")] public string? Email { get; set; }
    [MultiIndex("role_index")] public string? Role { get; set; }
}
