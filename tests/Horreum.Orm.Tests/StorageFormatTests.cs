using System.Text.Json.Nodes;
using Horreum.Orm.Serialization;
using Horreum.Orm.Tests.Models;
using Horreum.TestKit;
using StackExchange.Redis;

namespace Horreum.Orm.Tests;

public sealed class StorageFormatTests(RedisFixture redis)
{
    private static Customer Sample(string id) => new()
    {
        Id = id,
        Name = "abc",
        Age = 42,
        Active = true,
        Balance = 1234.5600m,
        Score = 4.5,
        CreatedAt = new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Utc).AddTicks(1234567),
        Tier = Tier.Pro,
        Tags = ["007", "true", "null", "{\"a\":1}"],
        Limits = new() { ["daily"] = 10 },
        Address = new Address("Main St 1", "Oslo", null),
        Email = "a@b.c",
    };

    private async Task<Dictionary<string, string>> RawHash(string key) =>
        (await redis.Db.HashGetAllAsync(key)).ToDictionary(e => (string)e.Name!, e => (string)e.Value!);

    [Fact]
    public async Task Save_stores_one_json_value_per_field()
    {
        var client = TestClients.Create(redis, out var ns);
        var repo = client.Repository<Customer>();
        await repo.SaveAsync(Sample("c1"));

        var hash = await RawHash($"{ns}:customer:c1:object");
        Assert.Equal("\"abc\"", hash["name"]);
        Assert.Equal("42", hash["age"]);
        Assert.Equal("true", hash["active"]);
        Assert.Equal("1234.5600", hash["balance"]);
        Assert.Equal("4.5", hash["score"]);
        Assert.Equal("\"2024-05-06T07:08:09.1234567Z\"", hash["created_at"]);
        Assert.Equal("\"Pro\"", hash["tier"]);
        Assert.Equal("[\"007\",\"true\",\"null\",\"{\\\"a\\\":1}\"]", hash["tags"]);
        Assert.Equal("{\"daily\":10}", hash["limits"]);
        Assert.Equal("\"a@b.c\"", hash["mail"]);
        Assert.Equal("\"c1\"", hash["id"]);
        Assert.False(hash.ContainsKey("visits"), "a null property has no field");
        Assert.False(hash.ContainsKey("scratch"), "[NotStored] is not stored");
        Assert.Equal(1, await redis.Db.SortedSetLengthAsync($"{ns}:customer:instances"));
        Assert.NotNull(await redis.Db.SortedSetScoreAsync($"{ns}:customer:instances", "c1"));
    }

    [Fact]
    public async Task Save_with_a_property_set_to_null_removes_its_field()
    {
        var client = TestClients.Create(redis, out var ns);
        var repo = client.Repository<Customer>();
        var c = Sample("c2");
        await repo.SaveAsync(c);
        c.Name = null;
        c.Tags = null;
        await repo.SaveAsync(c);

        var hash = await RawHash($"{ns}:customer:c2:object");
        Assert.False(hash.ContainsKey("name"));
        Assert.False(hash.ContainsKey("tags"));
        Assert.Equal("42", hash["age"]);
        var loaded = await repo.LoadAsync("c2");
        Assert.Null(loaded!.Name);
        Assert.Null(loaded.Tags);
    }

    [Fact]
    public async Task Load_returns_the_saved_values_and_types()
    {
        var client = TestClients.Create(redis, out _);
        var repo = client.Repository<Customer>();
        var c = Sample("c3");
        c.Extra = new Dictionary<string, object?> { ["n"] = 42L, ["f"] = 1.5, ["s"] = "007", ["l"] = new List<object?> { 1L, "x", null } };
        c.Doc = JsonNode.Parse("{\"n\":42,\"s\":\"42\",\"a\":[true,null]}");
        c.Payment = new CardPayment { Amount = 9.99m, Last4 = "4242" };
        c.LastSeen = new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.FromHours(2));
        c.Token = Guid.NewGuid();
        await repo.SaveAsync(c);

        var loaded = await repo.LoadAsync("c3");
        Assert.NotNull(loaded);
        Assert.Equal("abc", loaded.Name);
        Assert.Equal(42, loaded.Age);
        Assert.Equal(1234.5600m, loaded.Balance);
        Assert.Equal(c.CreatedAt, loaded.CreatedAt);
        Assert.Equal(DateTimeKind.Utc, loaded.CreatedAt.Kind);
        Assert.Equal(c.LastSeen, loaded.LastSeen);
        Assert.Equal(Tier.Pro, loaded.Tier);
        Assert.Equal(c.Token, loaded.Token);
        Assert.Equal(c.Tags, loaded.Tags);
        Assert.Equal(c.Address, loaded.Address);
        var extra = Assert.IsType<Dictionary<string, object?>>(loaded.Extra);
        Assert.IsType<long>(extra["n"]);
        Assert.IsType<double>(extra["f"]);
        Assert.Equal("007", extra["s"]);
        Assert.Equal(new List<object?> { 1L, "x", null }, extra["l"]);
        Assert.Equal("{\"n\":42,\"s\":\"42\",\"a\":[true,null]}", loaded.Doc!.ToJsonString());
        var card = Assert.IsType<CardPayment>(loaded.Payment);
        Assert.Equal("4242", card.Last4);
        Assert.Equal(9.99m, card.Amount);
    }

    [Fact]
    public async Task Polymorphic_property_is_stored_with_a_type_discriminator()
    {
        var client = TestClients.Create(redis, out var ns);
        var c = new Customer { Id = "p1", Payment = new BankPayment { Amount = 1m, Iban = "NO93" } };
        await client.Repository<Customer>().SaveAsync(c);
        var raw = (string)(await redis.Db.HashGetAsync($"{ns}:customer:p1:object", "payment"))!;
        Assert.StartsWith("{\"$type\":\"bank\"", raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Strict_load_of_a_v1_hash_fails_naming_key_field_type_and_value()
    {
        var client = TestClients.Create(redis, out var ns);
        var key = $"{ns}:customer:v1:object";
        await redis.Db.HashSetAsync(key, [new("name", "hello"), new("age", "42"), new("active", "true"), new("mail", "")]);

        var ex = await Assert.ThrowsAsync<FieldDecodeException>(() => client.Repository<Customer>().LoadAsync("v1"));
        Assert.Equal(key, ex.Key);
        Assert.Equal("name", ex.Field);
        Assert.Equal(typeof(string), ex.ExpectedType);
        Assert.Contains("'hello'", ex.Message, StringComparison.Ordinal);
        Assert.Contains(key, ex.Message, StringComparison.Ordinal);
        Assert.Contains("String", ex.Message, StringComparison.Ordinal);
        Assert.Equal("hello", (string?)await redis.Db.HashGetAsync(key, "name"));
    }

    [Fact]
    public async Task Lenient_load_reads_a_v1_hash_and_reports_each_v1_value()
    {
        var observer = new RecordingObserver();
        var client = TestClients.Create(redis, out var ns, ReadMode.Lenient, observer);
        var key = $"{ns}:customer:v1:object";
        await redis.Db.HashSetAsync(key, [new("name", "hello"), new("age", "42"), new("active", "true"), new("mail", ""), new("created_at", "2024-01-02T03:04:05Z"), new("tier", "Enterprise")]);

        var c = await client.Repository<Customer>().LoadAsync("v1");
        Assert.NotNull(c);
        Assert.Equal("hello", c.Name);
        Assert.Equal(42, c.Age);
        Assert.True(c.Active);
        Assert.Null(c.Email);
        Assert.Equal(new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc), c.CreatedAt);
        Assert.Equal(Tier.Enterprise, c.Tier);
        Assert.Equal(["created_at", "name", "tier"], observer.Issues.Select(i => i.Field).Order(StringComparer.Ordinal));
        Assert.All(observer.Issues, i => Assert.Equal(key, i.Key));
    }

    [Fact]
    public async Task Lenient_load_reads_v1_epoch_seconds_as_a_utc_DateTime()
    {
        var client = TestClients.Create(redis, out var ns, ReadMode.Lenient);
        await redis.Db.HashSetAsync($"{ns}:customer:e:object", [new("created_at", "1577836800"), new("last_seen", "1577836800")]);
        var c = await client.Repository<Customer>().LoadAsync("e");
        Assert.Equal(new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc), c!.CreatedAt);
        Assert.Equal(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), c.LastSeen);
    }

    [Fact]
    public async Task Corrupt_json_is_never_replaced_in_either_mode()
    {
        foreach (var mode in new[] { ReadMode.Strict, ReadMode.Lenient })
        {
            var client = TestClients.Create(redis, out var ns, mode);
            var key = $"{ns}:customer:bad:object";
            await redis.Db.HashSetAsync(key, [new("limits", "{\"daily\":"), new("age", "forty")]);
            if (mode == ReadMode.Strict)
            {
                var ex = await Assert.ThrowsAsync<FieldDecodeException>(() => client.Repository<Customer>().LoadAsync("bad"));
                Assert.Contains(ex.Field, new[] { "limits", "age" });
            }
            else
            {
                // Lenient: defaults in memory (LenientReadTests), the stored values untouched.
                var loaded = await client.Repository<Customer>().LoadAsync("bad");
                Assert.Equal(0, loaded!.Age);
            }
            Assert.Equal("{\"daily\":", (string?)await redis.Db.HashGetAsync(key, "limits"));
            Assert.Equal("forty", (string?)await redis.Db.HashGetAsync(key, "age"));
        }
    }

    [Fact]
    public async Task Absent_empty_and_null_literal_all_read_as_null()
    {
        var client = TestClients.Create(redis, out var ns);
        await redis.Db.HashSetAsync($"{ns}:customer:n:object", [new("id", "\"n\""), new("name", ""), new("tags", "null")]);
        var c = await client.Repository<Customer>().LoadAsync("n");
        Assert.NotNull(c);
        Assert.Null(c.Name);
        Assert.Null(c.Tags);
        Assert.Null(c.Visits);
        Assert.Equal(0, c.Age);
    }

    [Fact]
    public async Task Unencodable_value_fails_naming_the_field_and_writes_nothing()
    {
        var client = TestClients.Create(redis, out var ns);
        var before = await redis.DigestAsync(ns);
        var c = new Customer { Id = "x", Name = "ok", Score = 1, Extra = new System.IO.MemoryStream() };
        var ex = await Assert.ThrowsAsync<FieldEncodeException>(() => client.Repository<Customer>().SaveAsync(c));
        Assert.Equal("extra", ex.Field);
        Assert.Equal($"{ns}:customer:x:object", ex.Key);
        Assert.Contains("MemoryStream", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, await redis.DigestAsync(ns));
    }

    [Fact]
    public async Task User_converters_are_used_for_values()
    {
        var options = new System.Text.Json.JsonSerializerOptions();
        options.Converters.Add(new UpperCaseTierConverter());
        var ns = RedisFixture.Prefix();
        var client = new HorreumClient(redis.Multiplexer, new HorreumOptions { KeyNamespace = ns, Json = options });
        await client.Repository<Customer>().SaveAsync(new Customer { Id = "u", Tier = Tier.Free });
        Assert.Equal("\"FREE\"", (string?)await redis.Db.HashGetAsync($"{ns}:customer:u:object", "tier"));
        Assert.Equal(Tier.Free, (await client.Repository<Customer>().LoadAsync("u"))!.Tier);
    }

    private sealed class UpperCaseTierConverter : System.Text.Json.Serialization.JsonConverter<Tier>
    {
        public override Tier Read(ref System.Text.Json.Utf8JsonReader reader, Type typeToConvert, System.Text.Json.JsonSerializerOptions options) =>
            Enum.Parse<Tier>(reader.GetString()!, ignoreCase: true);

        public override void Write(System.Text.Json.Utf8JsonWriter writer, Tier value, System.Text.Json.JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString().ToUpperInvariant());
    }
}
