using Horreum.Orm.Serialization;
using Horreum.Orm.Tests.Models;
using Horreum.TestKit;

namespace Horreum.Orm.Tests;

public sealed class SurrogateTests(RedisFixture redis)
{
    public static TheoryData<string, Action<Customer>> LoneSurrogates => new()
    {
        { "name", c => c.Name = "ab\uD83Dcd" },
        { "name", c => c.Name = "trailing\uDC00" },
        { "tags", c => c.Tags = ["fine", "x\uD800"] },
        { "limits", c => c.Limits = new Dictionary<string, int> { ["k\uDBFF"] = 1 } },
    };

    [Theory]
    [MemberData(nameof(LoneSurrogates))]
    public async Task A_lone_surrogate_is_refused_naming_key_and_field_and_nothing_is_written(string field, Action<Customer> set)
    {
        var client = TestClients.Create(redis, out var ns);
        var record = new Customer { Id = "s1" };
        set(record);

        var ex = await Assert.ThrowsAsync<FieldEncodeException>(() => client.Repository<Customer>().SaveAsync(record));

        Assert.Contains($"'{field}'", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"'{ns}:customer:s1:object'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("surrogate", ex.Message, StringComparison.Ordinal);
        Assert.False(await redis.Db.KeyExistsAsync($"{ns}:customer:s1:object"));
    }

    [Fact]
    public async Task A_surrogate_pair_is_kept_exactly()
    {
        var client = TestClients.Create(redis, out _);
        var repo = client.Repository<Customer>();
        await repo.SaveAsync(new Customer { Id = "ok", Name = "ab\uD83D\uDE00cd", Tags = ["\uD83D\uDE00"] });
        var loaded = await repo.LoadAsync("ok");
        Assert.Equal("ab\uD83D\uDE00cd", loaded!.Name);
        Assert.Equal("\uD83D\uDE00", Assert.Single(loaded.Tags!));
    }
}
