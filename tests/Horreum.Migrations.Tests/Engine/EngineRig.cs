using System.Runtime.CompilerServices;
using Horreum.Migrations.Engine;
using Horreum.Orm;
using Horreum.Orm.Modeling;
using Horreum.TestKit;

namespace Horreum.Migrations.Tests.Engine;

public sealed class Person
{
    [Identifier] public string Id { get; set; } = "";
    public string? Name { get; set; }
    public string? Email { get; set; }
    public int Age { get; set; }
    public string? Status { get; set; }
}

/// <summary>A mapper client and runner options under the test's own namespace and registry prefix.</summary>
internal sealed record EngineRig(HorreumClient Client, MigrationRunnerOptions Options, string Ns)
{
    public static EngineRig Create(RedisFixture redis, [CallerFilePath] string file = "", [CallerMemberName] string member = "")
    {
        var ns = RedisFixture.Prefix(file, member);
        var client = new HorreumClient(redis.Multiplexer, new HorreumOptions { KeyNamespace = ns });
        var options = new MigrationRunnerOptions();
        options.Registry.Prefix = ns + ":migrations";
        return new EngineRig(client, options, ns);
    }

    public MigrationRunner Runner(params Migration[] migrations) => new(Client, migrations, Options);

    public async Task SeedAsync(int count, Func<int, Person>? make = null) =>
        await Client.Repository<Person>().SaveManyAsync(Enumerable.Range(0, count).Select(make ?? (i => new Person { Id = $"p{i}", Name = $"Name {i}", Age = i % 90 })));
}

/// <summary>Base migration that records the order it ran in and writes one marker key through the guard.</summary>
internal sealed class MarkerMigration(string id, string ns, List<string> log, params string[] dependsOn) : BaseMigration
{
    public override string Id => id;
    public override string Description => "writes " + id;
    public override IReadOnlyList<string> DependsOn => dependsOn;
    public override bool IsReversible => true;

    protected override async Task MigrateAsync(MigrationContext context, CancellationToken cancellationToken)
    {
        log.Add(id);
        context.TrackStat("markers");
        context.CountChange(1);
        await context.WriteAsync($"SET {ns}:marker:{id}", db => db.StringSetAsync($"{ns}:marker:{id}", "1"), cancellationToken);
    }

    public override Task DownAsync(MigrationContext context, CancellationToken cancellationToken) =>
        context.WriteAsync($"DEL {ns}:marker:{id}", db => db.KeyDeleteAsync($"{ns}:marker:{id}"), cancellationToken);
}

/// <summary>Sets Status = "active" on every person under 50 (Pipeline kind).</summary>
internal sealed class ActivateYoung(string id = "20250101_000000_activate_young") : PipelineMigration<Person>
{
    public override string Id => id;
    public override string Description => "status active for people under 50";
    protected override bool ShouldProcess(Person record) => record.Age < 50 && record.Status != "active";
    protected override FieldChanges BuildUpdate(Person record) => new FieldChanges().Set(nameof(Person.Status), "active");
}

/// <summary>Lower-cases e-mails derived from names, per record (Model kind).</summary>
internal sealed class DeriveEmail(int maxErrors = 0) : ModelMigration<Person>
{
    public override string Id => "20250102_000000_derive_email";
    public override int MaxErrors => maxErrors;
    public override bool IsReversible => true;

    protected override async Task ProcessRecordAsync(Person record, string key, MigrationContext context, CancellationToken cancellationToken)
    {
        if (record.Email is not null)
        {
            return;
        }
        context.TrackStat("emails");
        await WriteFieldsAsync(context, key, new FieldChanges().Set(nameof(Person.Email), $"{record.Id}@example.test"), cancellationToken);
    }
}
