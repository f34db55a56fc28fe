using Horreum.Migrations.Drift;
using Horreum.Migrations.Engine;
using Horreum.Orm;
using Horreum.Orm.Modeling;
using Horreum.TestKit;

namespace Horreum.Migrations.Tests.Drift;

[Feature("schema_validation")]
public sealed class Contact
{
    [Identifier] public string Id { get; set; } = "";
    public string? Name { get; set; }
    public string? Phone { get; set; }
    public string? City { get; set; }
}

public sealed class DataDriftCountTests(RedisFixture redis)
{
    private const string Schema = """{"type":"object","required":["id","name","phone","city"]}""";

    [Fact]
    public async Task Data_drift_counts_records_failing_the_schema_not_violations()
    {
        var ns = RedisFixture.Prefix();
        var options = new HorreumOptions { KeyNamespace = ns };
        options.Schemas.MapJson<Contact>(Schema);
        var client = new HorreumClient(redis.Multiplexer, options);
        var runnerOptions = new MigrationRunnerOptions();
        runnerOptions.Registry.Prefix = ns + ":migrations";
        var runner = new MigrationRunner(client, [], runnerOptions);
        // 5 records, each missing three required fields: 15 violations, 5 records failing.
        for (var i = 0; i < 5; i++)
        {
            await redis.Db.HashSetAsync($"{ns}:contact:c{i}:object", [new("id", $"\"c{i}\"")]);
        }
        await redis.Db.HashSetAsync($"{ns}:contact:ok:object", [new("id", "\"ok\""), new("name", "\"n\""), new("phone", "\"1\""), new("city", "\"x\"")]);

        var report = await new DriftDetector(client, runner).DataDriftAsync([typeof(Contact)]);

        Assert.Equal(6, report.RecordsChecked);
        var item = Assert.Single(report.Items);
        Assert.Equal(5, item.Count);
        Assert.Contains("5 of 6 records", item.Detail, StringComparison.Ordinal);
    }
}
