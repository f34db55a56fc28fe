using Horreum.Migrations.Builtin;
using Horreum.Migrations.Engine;
using Horreum.Orm;
using Horreum.Orm.Modeling;
using Horreum.TestKit;

namespace Horreum.Migrations.Tests.Builtin;

public sealed class Note
{
    [Identifier] public string Id { get; set; } = "";
    public string? Title { get; set; }
    public string? Body { get; set; }
    public int Stars { get; set; }
}

public sealed class NoteUpgrade : SerializerUpgradeMigration<Note>
{
    public override string Id => "20250701_000000_note_v1_to_v2";
}

public sealed class NoteUpgradeNullIsNil : SerializerUpgradeMigration<Note>
{
    public override string Id => "20250701_000000_note_v1_to_v2";
    protected override V1NullText NullText => V1NullText.Nil;
}

public sealed class NoteUpgradeNullIsText : SerializerUpgradeMigration<Note>
{
    public override string Id => "20250701_000000_note_v1_to_v2";
    protected override V1NullText NullText => V1NullText.Text;
}

public sealed class NullTextTests(RedisFixture redis)
{
    private async Task<(HorreumClient Client, MigrationRunnerOptions Options, string Ns)> SeedAsync()
    {
        var ns = RedisFixture.Prefix();
        var client = new HorreumClient(redis.Multiplexer, new HorreumOptions { KeyNamespace = ns });
        var options = new MigrationRunnerOptions();
        options.Registry.Prefix = ns + ":migrations";
        // n0, n1: the text null in title; n2: a body that already looks like a JSON string next to v1 values; n3: plain v1.
        await redis.Db.HashSetAsync($"{ns}:note:n0:object", [new("id", "n0"), new("title", "null"), new("stars", "1")]);
        await redis.Db.HashSetAsync($"{ns}:note:n1:object", [new("id", "n1"), new("title", "null"), new("body", "text")]);
        await redis.Db.HashSetAsync($"{ns}:note:n2:object", [new("id", "n2"), new("title", "plain"), new("body", "\"quoted\"")]);
        await redis.Db.HashSetAsync($"{ns}:note:n3:object", [new("id", "n3"), new("title", "hello"), new("stars", "5")]);
        return (client, options, ns);
    }

    [Fact]
    public async Task Dry_run_lists_ambiguous_values_per_field_and_succeeds()
    {
        var (client, options, ns) = await SeedAsync();
        var before = await redis.DigestAsync(ns);

        var dry = Assert.Single((await new MigrationRunner(client, [new NoteUpgrade()], options).RunAsync()).Migrations);

        Assert.Equal(MigrationState.WouldApply, dry.Outcome);
        Assert.Equal(0, dry.Errors);
        var nulls = Assert.Single(dry.Findings, f => f.Kind == "ambiguous null");
        Assert.Equal(("Note", "title", 2L), (nulls.Model, nulls.Field, nulls.Count));
        Assert.Equal([$"{ns}:note:n0:object", $"{ns}:note:n1:object"], nulls.ExampleKeys.Order(StringComparer.Ordinal));
        var quoted = Assert.Single(dry.Findings, f => f.Kind == "already a JSON string");
        Assert.Equal(("body", 1L, $"{ns}:note:n2:object"), (quoted.Field, quoted.Count, quoted.ExampleKeys[0]));
        Assert.Equal(before, await redis.DigestAsync(ns));
    }

    [Fact]
    public async Task Default_leaves_the_text_null_as_stored_and_the_options_decide()
    {
        var (client, options, ns) = await SeedAsync();
        var run = await new MigrationRunner(client, [new NoteUpgrade()], options).RunAsync(new MigrationRunOptions { DryRun = false });
        Assert.True(run.Succeeded, run.Migrations[0].Error);
        Assert.Equal("null", (string?)await redis.Db.HashGetAsync($"{ns}:note:n0:object", "title"));
        Assert.Equal("\"hello\"", (string?)await redis.Db.HashGetAsync($"{ns}:note:n3:object", "title"));
        Assert.Null((await client.Repository<Note>().LoadAsync("n0"))!.Title);

        var (nilClient, nilOptions, nilNs) = await SeedAsync();
        await new MigrationRunner(nilClient, [new NoteUpgradeNullIsNil()], nilOptions).RunAsync(new MigrationRunOptions { DryRun = false });
        Assert.False(await redis.Db.HashExistsAsync($"{nilNs}:note:n0:object", "title"));

        var (textClient, textOptions, textNs) = await SeedAsync();
        await new MigrationRunner(textClient, [new NoteUpgradeNullIsText()], textOptions).RunAsync(new MigrationRunOptions { DryRun = false });
        Assert.Equal("\"null\"", (string?)await redis.Db.HashGetAsync($"{textNs}:note:n0:object", "title"));
        Assert.Equal("null", (await textClient.Repository<Note>().LoadAsync("n0"))!.Title);
    }
}
