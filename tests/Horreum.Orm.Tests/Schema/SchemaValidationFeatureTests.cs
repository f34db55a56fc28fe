using System.Text.Json;
using Horreum.JsonSchema;
using Horreum.Orm.Schema;
using Horreum.TestKit;

namespace Horreum.Orm.Tests.Schema;

/// <summary>[Feature("schema_validation")]: an invalid record is rejected before anything is written.</summary>
public sealed class SchemaValidationFeatureTests(RedisFixture redis)
{
    private static SchemaCustomer Valid(string id) => new() { Id = id, Name = "Ada", Email = "ada@example.com", Age = 36, Tags = ["a", "b"] };

    [Fact]
    public async Task Save_of_a_valid_record_writes_it()
    {
        var client = SchemaClients.Create(redis, out _);
        var repo = client.Repository<SchemaCustomer>();

        await repo.SaveAsync(Valid("ok"));
        await repo.CreateAsync(Valid("new"));

        Assert.Equal("ada@example.com", (await repo.LoadAsync("ok"))!.Email);
        Assert.True(await repo.ExistsAsync("new"));
    }

    [Fact]
    public async Task Save_of_an_invalid_record_writes_nothing_and_lists_every_violation()
    {
        var client = SchemaClients.Create(redis, out var ns);
        var repo = client.Repository<SchemaCustomer>();
        await repo.SaveAsync(Valid("x"));
        var before = await redis.DigestAsync(ns);

        var bad = new SchemaCustomer { Id = "x", Name = "", Email = "not an email", Age = -1, Tags = ["a", "a"] };
        var ex = await Assert.ThrowsAsync<SchemaValidationException>(() => repo.SaveAsync(bad));

        Assert.Equal(before, await redis.DigestAsync(ns));
        Assert.Equal($"{ns}:schema_customer:x:object", ex.Key);
        Assert.Equal(typeof(SchemaCustomer), ex.ModelType);
        Assert.Equal(["/age", "/email", "/name", "/tags"], ex.Violations.Select(v => v.InstancePointer).Order(StringComparer.Ordinal));
        foreach (var pointer in new[] { "/age", "/email", "/name", "/tags" })
        {
            Assert.Contains(pointer + ":", ex.Message, StringComparison.Ordinal);
        }
        Assert.Contains(ex.Key, ex.Message, StringComparison.Ordinal);
        Assert.Equal("Ada", (await repo.LoadAsync("x"))!.Name);
    }

    [Fact]
    public async Task Create_of_an_invalid_record_writes_nothing()
    {
        var client = SchemaClients.Create(redis, out var ns);
        var repo = client.Repository<SchemaCustomer>();
        var before = await redis.DigestAsync(ns);

        var ex = await Assert.ThrowsAsync<SchemaValidationException>(() => repo.CreateAsync(new SchemaCustomer { Id = "c", Name = "n" }));

        Assert.Equal("", ex.Violations.Single().InstancePointer); // required is reported on the object itself
        Assert.Contains("email", ex.Violations.Single().Message, StringComparison.Ordinal);
        Assert.Equal(before, await redis.DigestAsync(ns));
    }

    [Fact]
    public async Task SaveMany_with_one_invalid_record_writes_nothing_of_its_page_and_nothing_after()
    {
        var client = SchemaClients.Create(redis, out var ns, batchSize: 2);
        var repo = client.Repository<SchemaCustomer>();
        var records = Enumerable.Range(0, 5).Select(i => Valid($"m{i}")).ToList();
        records[3].Age = 200;

        var ex = await Assert.ThrowsAsync<SchemaValidationException>(() => repo.SaveManyAsync(records));

        Assert.Equal($"{ns}:schema_customer:m3:object", ex.Key);
        Assert.Equal("/age", ex.Violations.Single().InstancePointer);
        // Pages of 2: m0 and m1 are written; m2 (the invalid record's page) and m4 are not.
        Assert.Equal(2, await repo.CountAsync());
        var exists = await Task.WhenAll(records.Select(r => redis.Db.KeyExistsAsync($"{ns}:schema_customer:{r.Id}:object")));
        Assert.Equal([true, true, false, false, false], exists);
    }

    [Fact]
    public async Task SaveFields_validates_the_whole_record_and_writes_nothing_when_it_is_invalid()
    {
        var client = SchemaClients.Create(redis, out var ns);
        var repo = client.Repository<SchemaCustomer>();
        var record = Valid("p");
        await repo.SaveAsync(record);
        var before = await redis.DigestAsync(ns);

        // The field being written is fine; another property of the record is not: the record as a whole is what
        // the schema describes, so the partial save is refused too.
        record.Age = 40;
        record.Email = "broken";
        var ex = await Assert.ThrowsAsync<SchemaValidationException>(() => repo.SaveFieldsAsync(record, ["Age"]));
        Assert.Equal("/email", ex.Violations.Single().InstancePointer);
        Assert.Equal(before, await redis.DigestAsync(ns));

        record.Email = "ada@example.org";
        await repo.SaveFieldsAsync(record, ["Age"]);
        Assert.Equal(40, (await repo.LoadAsync("p"))!.Age);
    }

    [Fact]
    public async Task A_plugged_in_validator_is_the_one_used()
    {
        var custom = new RejectingValidator();
        var client = SchemaClients.Create(redis, out var ns, s => s.Map<SchemaCustomer>(custom));
        var repo = client.Repository<SchemaCustomer>();
        var before = await redis.DigestAsync(ns);

        var ex = await Assert.ThrowsAsync<SchemaValidationException>(() => repo.SaveAsync(Valid("v")));

        Assert.Equal(1, custom.Calls);
        Assert.Equal("/name", ex.Violations.Single().InstancePointer);
        Assert.Contains("custom says no to Ada", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, await redis.DigestAsync(ns));
    }

    [Fact]
    public async Task Model_without_the_feature_is_never_validated_on_save_but_can_be_validated_on_request()
    {
        var client = SchemaClients.Create(redis, out _);
        var repo = client.Repository<PlainNote>();

        await repo.SaveAsync(new PlainNote { Id = "n", Text = "x" });

        var result = repo.Validate(new PlainNote { Id = "n", Text = "x" });
        Assert.Equal("/text", result.Violations.Single().InstancePointer);
    }

    [Fact]
    public async Task ValidateStored_checks_the_hash_as_stored_and_reports_values_that_are_not_json()
    {
        var client = SchemaClients.Create(redis, out var ns);
        var repo = client.Repository<SchemaCustomer>();
        await repo.SaveAsync(Valid("s"));
        Assert.True((await repo.ValidateStoredAsync("s"))!.IsValid);
        Assert.Null(await repo.ValidateStoredAsync("absent"));

        // A v1 record: plain strings instead of JSON text.
        await redis.Db.HashSetAsync($"{ns}:schema_customer:s:object", "email", "ada@example.com");
        await redis.Db.HashSetAsync($"{ns}:schema_customer:s:object", "age", "-3");
        var result = (await repo.ValidateStoredAsync("s"))!;

        Assert.False(result.IsValid);
        Assert.Contains(result.Violations, v => v.InstancePointer == "/email" && v.Message.Contains("not JSON", StringComparison.Ordinal));
        Assert.Contains(result.Violations, v => v.InstancePointer == "/age");
    }

    [Fact]
    public void JsonForm_is_an_object_of_storage_names_and_json_values()
    {
        var values = new Dictionary<string, string> { ["name"] = "\"Ada\"", ["age"] = "36", ["tags"] = """["a"]""", ["a/b~c"] = "{\"x\":[1,2.5]}" };

        using var doc = ModelJsonForm.Parse(values);

        Assert.Equal("Ada", doc.RootElement.GetProperty("name").GetString());
        Assert.Equal(36, doc.RootElement.GetProperty("age").GetInt32());
        Assert.Equal(JsonValueKind.Array, doc.RootElement.GetProperty("tags").ValueKind);
        Assert.Equal(2.5, doc.RootElement.GetProperty("a/b~c").GetProperty("x")[1].GetDouble());
    }

    [Fact]
    public void JsonForm_never_lets_a_value_smuggle_in_extra_members()
    {
        var schema = JsonSchemaValidator.Parse("""{ "type": "object", "properties": { "admin": false } }""");
        var values = new Dictionary<string, string> { ["age"] = "1, \"admin\": true" };

        var result = ModelJsonForm.Validate(schema, values);

        Assert.Equal("/age", result.Violations.Single().InstancePointer);
        Assert.Contains("not JSON", result.Violations.Single().Message, StringComparison.Ordinal);
    }

    [Fact]
    public void JsonForm_treats_empty_and_null_text_as_absent()
    {
        var schema = JsonSchemaValidator.Parse("""{ "type": "object", "properties": { "a": { "type": "string" } }, "maxProperties": 1 }""");
        var values = new Dictionary<string, string> { ["a"] = "", ["b"] = "null", ["c"] = "\"x\"" };

        Assert.True(ModelJsonForm.Validate(schema, values).IsValid);
    }

    [Fact]
    public void Policy_has_off_count_and_fail()
    {
        Assert.Equal([SchemaValidationPolicy.Off, SchemaValidationPolicy.Count, SchemaValidationPolicy.Fail], Enum.GetValues<SchemaValidationPolicy>());
        Assert.Equal(SchemaValidationPolicy.Off, default);
    }

    private sealed class RejectingValidator : IJsonSchemaValidator
    {
        public int Calls { get; private set; }

        public JsonSchemaResult Validate(JsonElement instance)
        {
            Calls++;
            return new JsonSchemaResult(false, [new JsonSchemaViolation("/name", "", $"custom says no to {instance.GetProperty("name").GetString()}")]);
        }
    }
}
