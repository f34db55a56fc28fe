using Horreum.Orm.Instrumentation;
using Horreum.Orm.Modeling;
using Horreum.Orm.Tests.Models;
using Horreum.TestKit;

namespace Horreum.Orm.Tests;

public sealed class RepositoryTests(RedisFixture redis)
{
    [Fact]
    public async Task Create_fails_atomically_when_the_record_exists()
    {
        var client = TestClients.Create(redis, out var ns);
        var repo = client.Repository<Customer>();
        await repo.CreateAsync(new Customer { Id = "a", Name = "first" });
        var before = await redis.DigestAsync(ns);

        var ex = await Assert.ThrowsAsync<RecordExistsException>(() => repo.CreateAsync(new Customer { Id = "a", Name = "second", Age = 5 }));
        Assert.Equal($"{ns}:customer:a:object", ex.Key);
        Assert.False(await repo.TryCreateAsync(new Customer { Id = "a", Name = "third" }));
        Assert.Equal(before, await redis.DigestAsync(ns));
        Assert.Equal("first", (await repo.LoadAsync("a"))!.Name);
    }

    [Fact]
    public async Task Load_of_a_missing_record_is_null_and_exists_is_false()
    {
        var client = TestClients.Create(redis, out _);
        var repo = client.Repository<Customer>();
        Assert.Null(await repo.LoadAsync("nobody"));
        Assert.False(await repo.ExistsAsync("nobody"));
        await repo.SaveAsync(new Customer { Id = "somebody" });
        Assert.True(await repo.ExistsAsync("somebody"));
    }

    [Fact]
    public async Task Refresh_reloads_changed_fields_and_clears_removed_ones()
    {
        var client = TestClients.Create(redis, out var ns);
        var repo = client.Repository<Customer>();
        var c = new Customer { Id = "r", Name = "old", Age = 1 };
        await repo.SaveAsync(c);
        await redis.Db.HashSetAsync($"{ns}:customer:r:object", "age", "2");
        await redis.Db.HashDeleteAsync($"{ns}:customer:r:object", "name");

        Assert.True(await repo.RefreshAsync(c));
        Assert.Equal(2, c.Age);
        Assert.Null(c.Name);
        await repo.DestroyAsync(c);
        Assert.False(await repo.RefreshAsync(c));
    }

    [Fact]
    public async Task Destroy_removes_the_hash_the_related_keys_and_the_instance()
    {
        var client = TestClients.Create(redis, out var ns);
        var repo = client.Repository<Account>();
        var a = new Account { Id = "d", Owner = "o" };
        await repo.SaveAsync(a);
        await a.History!.AddAsync("x");
        await a.Logins!.IncrementAsync();
        Assert.Equal(4, (await redis.KeysAsync(ns)).Count); // hash, instances, history, logins

        Assert.True(await repo.DestroyAsync(a));
        Assert.Empty(await redis.KeysAsync(ns));
        Assert.False(await repo.DestroyByIdAsync("d"));
    }

    [Fact]
    public async Task Save_over_a_key_of_the_wrong_type_throws_naming_the_key()
    {
        var observer = new RecordingObserver();
        var client = TestClients.Create(redis, out var ns, observer: observer);
        var repo = client.Repository<Customer>();
        var key = $"{ns}:customer:w:object";
        await redis.Db.StringSetAsync(key, "not a hash");

        // Redis answers the HMSET inside EXEC with an error element; the save must not report success.
        var ex = await Assert.ThrowsAsync<Horreum.Orm.Transport.RedisReplyException>(() => repo.SaveAsync(new Customer { Id = "w", Name = "n" }));

        Assert.Equal(key, ex.Key);
        Assert.Equal("HMSET", ex.Command);
        Assert.StartsWith("WRONGTYPE", ex.ServerMessage, StringComparison.Ordinal);
        Assert.Contains(observer.Errors, e => e.Operation == "save" && e.Key == key);
        Assert.DoesNotContain(observer.Lifecycle, l => l.Kind == LifecycleKind.Saved);
        Assert.Equal("not a hash", (string?)await redis.Db.StringGetAsync(key));
    }

    [Fact]
    public async Task SaveFields_writes_only_the_named_fields()
    {
        var client = TestClients.Create(redis, out var ns);
        var repo = client.Repository<Customer>();
        var c = new Customer { Id = "p", Name = "n", Age = 1, Email = "e" };
        await repo.SaveAsync(c);
        c.Name = "changed";
        c.Age = 2;
        c.Email = null;
        await repo.SaveFieldsAsync(c, ["Age", "mail"]);

        var stored = await repo.LoadAsync("p");
        Assert.Equal("n", stored!.Name);
        Assert.Equal(2, stored.Age);
        Assert.Null(stored.Email);
        Assert.False(await redis.Db.HashExistsAsync($"{ns}:customer:p:object", "mail"));
        await Assert.ThrowsAsync<ArgumentException>(() => repo.SaveFieldsAsync(c, ["nope"]));
    }

    [Fact]
    public async Task Count_follows_the_instances_set_through_save_and_destroy()
    {
        var client = TestClients.Create(redis, out _);
        var repo = client.Repository<Customer>();
        for (var i = 0; i < 5; i++)
        {
            await repo.SaveAsync(new Customer { Id = $"c{i}" });
        }
        await repo.SaveAsync(new Customer { Id = "c0", Name = "again" });
        Assert.Equal(5, await repo.CountAsync());
        await repo.DestroyByIdAsync("c3");
        Assert.Equal(4, await repo.CountAsync());
    }

    [Fact]
    public async Task Numeric_identifiers_go_into_keys_raw()
    {
        var client = TestClients.Create(redis, out var ns);
        var repo = client.Repository<NumericId>();
        await repo.SaveAsync(new NumericId { Id = 7, Label = "seven" });
        Assert.True(await redis.Db.KeyExistsAsync($"{ns}:numeric_id:7:object"));
        Assert.Equal("7", (string?)(await redis.Db.SortedSetRangeByRankAsync($"{ns}:numeric_id:instances"))[0]);
        Assert.Equal("seven", (await repo.LoadAsync(7L))!.Label);
    }

    [Fact]
    public async Task Missing_identifier_is_a_clear_error()
    {
        var client = TestClients.Create(redis, out _);
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => client.Repository<Customer>().SaveAsync(new Customer()));
        Assert.Contains("[Identifier]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_feature_fails_when_the_model_is_first_used()
    {
        var client = TestClients.Create(redis, out _);
        var ex = Assert.Throws<ModelDefinitionException>(() => client.Repository<Misdeclared>());
        Assert.Contains("no_such_feature", ex.Message, StringComparison.Ordinal);
        Assert.Contains("expiration", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Expiration_sets_the_ttl_on_the_hash_and_cascades_to_related_keys()
    {
        var client = TestClients.Create(redis, out var ns);
        var repo = client.Repository<Session>();
        var s = new Session { Id = "s1", User = "u" };
        await repo.SaveAsync(s);
        await s.Events!.AddAsync("login");

        var hashTtl = await redis.Db.KeyTimeToLiveAsync($"{ns}:session:s1:object");
        var listTtl = await redis.Db.KeyTimeToLiveAsync($"{ns}:session:s1:events");
        Assert.InRange(hashTtl!.Value.TotalSeconds, 100, 120);
        Assert.InRange(listTtl!.Value.TotalSeconds, 100, 120);
        await redis.Db.KeyPersistAsync($"{ns}:session:s1:events");
        await repo.SaveAsync(s);
        Assert.NotNull(await redis.Db.KeyTimeToLiveAsync($"{ns}:session:s1:events"));
    }

    [Fact]
    public async Task A_throwing_hook_never_breaks_the_operation()
    {
        var recorder = new RecordingObserver();
        var ns = RedisFixture.Prefix();
        var options = new HorreumOptions { KeyNamespace = ns };
        options.Observers.Add(new ThrowingObserver());
        options.Observers.Add(recorder);
        var client = new HorreumClient(redis.Multiplexer, options);
        var repo = client.Repository<Customer>();
        await repo.SaveAsync(new Customer { Id = "h", Name = "n" });
        Assert.Equal("n", (await repo.LoadAsync("h"))!.Name);
        Assert.Contains(recorder.Errors, e => e.Operation == "hook");
        Assert.Contains(recorder.Lifecycle, e => e.Kind == LifecycleKind.Saved && e.Id == "h");
        Assert.Contains(recorder.Lifecycle, e => e.Kind == LifecycleKind.Loaded && e.Id == "h");
        Assert.Contains(recorder.Commands, e => e.Command == "HMSET" && e.Key == $"{ns}:customer:h:object");
    }

    private sealed class ThrowingObserver : IHorreumObserver
    {
        public void OnCommand(CommandEvent e) => throw new InvalidOperationException("hook bug");
        public void OnLifecycle(LifecycleEvent e) => throw new InvalidOperationException("hook bug");
        public void OnPipeline(PipelineEvent e) => throw new InvalidOperationException("hook bug");
    }
}
