using Horreum.Orm.Serialization;
using Horreum.Orm.Tests.Models;
using Horreum.TestKit;

namespace Horreum.Orm.Tests;

public sealed class LenientReadTests(RedisFixture redis)
{
    [Fact]
    public async Task Lenient_load_leaves_a_corrupt_field_at_its_default_reports_it_and_no_save_touches_it()
    {
        var observer = new RecordingObserver();
        var client = TestClients.Create(redis, out var ns, ReadMode.Lenient, observer);
        var repo = client.Repository<Customer>();
        var key = $"{ns}:customer:c1:object";
        await redis.Db.HashSetAsync(key, [new("id", "\"c1\""), new("name", "\"Ann\""), new("age", "{forty"), new("limits", "{\"daily\":")]);

        var c = await repo.LoadAsync("c1");

        Assert.NotNull(c);
        Assert.Equal("Ann", c.Name);
        Assert.Equal(0, c.Age);
        Assert.Null(c.Limits);
        var issues = observer.Issues.Where(i => i.Key == key).OrderBy(i => i.Field, StringComparer.Ordinal).ToArray();
        Assert.Equal(["age", "limits"], issues.Select(i => i.Field));
        Assert.All(issues, i => Assert.Contains("default", i.Message, StringComparison.Ordinal));

        c.Name = "Bea";
        await repo.SaveFieldsAsync(c, [nameof(Customer.Name), nameof(Customer.Age), nameof(Customer.Limits)]);
        await repo.SaveAsync(c);
        Assert.Equal("\"Bea\"", (string?)await redis.Db.HashGetAsync(key, "name"));
        Assert.Equal("{forty", (string?)await redis.Db.HashGetAsync(key, "age"));
        Assert.Equal("{\"daily\":", (string?)await redis.Db.HashGetAsync(key, "limits"));

        // A value the caller sets is theirs to save.
        c.Age = 41;
        await repo.SaveFieldsAsync(c, [nameof(Customer.Age)]);
        Assert.Equal("41", (string?)await redis.Db.HashGetAsync(key, "age"));
        Assert.Equal("{\"daily\":", (string?)await redis.Db.HashGetAsync(key, "limits"));
    }

    [Fact]
    public async Task Lenient_load_many_reads_past_a_corrupt_field_too()
    {
        var observer = new RecordingObserver();
        var client = TestClients.Create(redis, out var ns, ReadMode.Lenient, observer);
        await redis.Db.HashSetAsync($"{ns}:customer:a:object", [new("id", "\"a\""), new("age", "forty")]);
        await redis.Db.HashSetAsync($"{ns}:customer:b:object", [new("id", "\"b\""), new("age", "7")]);

        var loaded = await client.Repository<Customer>().LoadManyAsync(["a", "b"]);

        Assert.Equal(0, loaded[0]!.Age);
        Assert.Equal(7, loaded[1]!.Age);
        Assert.Contains(observer.Issues, i => i.Key == $"{ns}:customer:a:object" && i.Field == "age");
    }
}
