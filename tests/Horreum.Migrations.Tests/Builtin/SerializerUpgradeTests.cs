using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using Horreum.Migrations.Builtin;
using Horreum.Migrations.Engine;
using Horreum.Migrations.Tests.Engine;
using Horreum.Orm;
using Horreum.Orm.Modeling;
using Horreum.Orm.Serialization;
using Horreum.TestKit;
using StackExchange.Redis;

namespace Horreum.Migrations.Tests.Builtin;

public enum Color { Red, Green, Blue }

public sealed class Legacy
{
    [Identifier] public string Id { get; set; } = "";
    public string? Text { get; set; }
    public int Count { get; set; }
    public long Big { get; set; }
    public decimal Price { get; set; }
    public bool Flag { get; set; }
    public DateTime At { get; set; }
    public Color Color { get; set; }
    public List<string>? Items { get; set; }
    public Dictionary<string, int>? Map { get; set; }
    public int? Maybe { get; set; }
}

public sealed class LegacyUpgrade : SerializerUpgradeMigration<Legacy>
{
    public override string Id => "20250301_000000_legacy_v1_to_v2";

    // The generated data is Familia 1.x v1: the text null in a string field is the word.
    protected override V1NullText NullText => V1NullText.Text;
}

public sealed class SerializerUpgradeTests(RedisFixture redis)
{
    private static readonly string[] s_texts = ["null", "007", "true", "", "plain", "{\"a\":1}", "42", "é😀", " spaced "];

    private static (Legacy Expected, HashEntry[] V1) Make(int i)
    {
        var text = s_texts[i % s_texts.Length];
        var at = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(i * 37L);
        var expected = new Legacy
        {
            Id = $"l{i}",
            Text = text.Length == 0 ? null : text, // v1 stored nil as ""
            Count = i - 25_000,
            Big = 9_000_000_000L + i,
            Price = i / 100m,
            Flag = i % 3 == 0,
            At = at,
            Color = (Color)(i % 3),
            Items = i % 5 == 0 ? null : ["x", "007", i.ToString(CultureInfo.InvariantCulture)],
            Map = i % 4 == 0 ? null : new Dictionary<string, int> { ["k"] = i },
            Maybe = i % 2 == 0 ? null : i,
        };
        var v1 = new List<HashEntry>
        {
            new("id", expected.Id),
            new("text", text),
            new("count", expected.Count.ToString(CultureInfo.InvariantCulture)),
            new("big", expected.Big.ToString(CultureInfo.InvariantCulture)),
            new("price", expected.Price.ToString(CultureInfo.InvariantCulture)),
            // v1 booleans: true/false, and 1/0 from another writer.
            new("flag", i % 2 == 0 ? (expected.Flag ? "true" : "false") : (expected.Flag ? "1" : "0")),
            new("at", i % 2 == 0 ? at.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) : new DateTimeOffset(at).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
            new("color", expected.Color.ToString()),
            new("items", expected.Items is null ? "" : "[\"x\",\"007\",\"" + i.ToString(CultureInfo.InvariantCulture) + "\"]"),
            new("map", expected.Map is null ? "" : "{\"k\":" + i.ToString(CultureInfo.InvariantCulture) + "}"),
            new("maybe", expected.Maybe?.ToString(CultureInfo.InvariantCulture) ?? ""),
        };
        return (expected, v1.ToArray());
    }

    [Fact]
    public async Task Upgrade_of_50000_v1_records_loads_strictly_with_their_values_and_a_second_run_converts_nothing()
    {
        const int n = 50_000;
        var ns = RedisFixture.Prefix();
        var client = new HorreumClient(redis.Multiplexer, new HorreumOptions { KeyNamespace = ns });
        var options = new MigrationRunnerOptions();
        options.Registry.Prefix = ns + ":migrations";
        var repo = client.Repository<Legacy>();
        for (var from = 0; from < n; from += 1000)
        {
            var batch = redis.Db.CreateBatch();
            var tasks = Enumerable.Range(from, 1000).Select(i => batch.HashSetAsync(repo.KeyFor($"l{i}"), Make(i).V1)).ToArray();
            batch.Execute();
            await Task.WhenAll(tasks);
        }

        var first = (await new MigrationRunner(client, [new LegacyUpgrade()], options).RunAsync(new MigrationRunOptions { DryRun = false })).Migrations[0];
        Assert.True(first.Outcome == MigrationState.Applied, first.Error + " | " + string.Join(" | ", first.ErrorSamples.Take(3).Select(e => e.Message)));
        Assert.Equal(n, first.Scanned);
        Assert.Equal(0, first.Errors);
        Assert.True(first.Stats["converted.String"] > 0);
        Assert.True(first.Stats["converted.Boolean"] > 0);
        Assert.True(first.Stats["converted.DateTime"] > 0);
        Assert.True(first.Stats["converted.Color"] > 0);

        var loaded = await repo.LoadManyAsync(Enumerable.Range(0, n).Select(i => (object)$"l{i}"));
        for (var i = 0; i < n; i++)
        {
            var e = Make(i).Expected;
            var a = loaded[i]!;
            Assert.True(
                e.Text == a.Text && e.Count == a.Count && e.Big == a.Big && e.Price == a.Price && e.Flag == a.Flag && e.At == a.At
                && e.Color == a.Color && (e.Items ?? []).SequenceEqual(a.Items ?? []) && (e.Items is null) == (a.Items is null)
                && (e.Map is null ? a.Map is null : a.Map!["k"] == e.Map["k"]) && e.Maybe == a.Maybe,
                $"record l{i} differs after the upgrade: text '{a.Text}' vs '{e.Text}', flag {a.Flag} vs {e.Flag}, at {a.At:O} vs {e.At:O}");
        }
        Assert.Equal("\"null\"", (string?)await redis.Db.HashGetAsync(repo.KeyFor("l0"), "text"));
        Assert.Equal("\"007\"", (string?)await redis.Db.HashGetAsync(repo.KeyFor("l1"), "text"));
        Assert.False(await redis.Db.HashExistsAsync(repo.KeyFor("l3"), "text"));

        // Idempotent: rerun the same migration under a fresh registry, so it really runs again.
        var again = new MigrationRunnerOptions();
        again.Registry.Prefix = ns + ":migrations2";
        var second = (await new MigrationRunner(client, [new LegacyUpgrade()], again).RunAsync(new MigrationRunOptions { DryRun = false })).Migrations[0];
        Assert.Equal(0, second.Modified);
        Assert.Equal(0, second.FieldsChanged);
        Assert.DoesNotContain(second.Stats.Keys, k => k.StartsWith("converted.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unconvertible_values_are_reported_with_key_and_field_and_left_untouched()
    {
        var ns = RedisFixture.Prefix();
        var client = new HorreumClient(redis.Multiplexer, new HorreumOptions { KeyNamespace = ns });
        var options = new MigrationRunnerOptions();
        options.Registry.Prefix = ns + ":migrations";
        var repo = client.Repository<Legacy>();
        await redis.Db.HashSetAsync(repo.KeyFor("bad"), [new("id", "bad"), new("map", "{\"k\":"), new("flag", "maybe"), new("count", "12")]);
        await redis.Db.HashSetAsync(repo.KeyFor("good"), [new("id", "good"), new("count", "1")]);

        var result = (await new MigrationRunner(client, [new LegacyUpgrade()], options).RunAsync(new MigrationRunOptions { DryRun = false })).Migrations[0];

        Assert.Equal(MigrationState.Failed, result.Outcome);
        // One record with two bad fields: one record failed, listed once with both fields.
        Assert.Equal(1, result.Errors);
        var sample = Assert.Single(result.ErrorSamples);
        Assert.Equal(repo.KeyFor("bad"), sample.Key);
        Assert.Contains("'map'", sample.Message, StringComparison.Ordinal);
        Assert.Contains("'flag'", sample.Message, StringComparison.Ordinal);
        Assert.Equal("{\"k\":", (string?)await redis.Db.HashGetAsync(repo.KeyFor("bad"), "map"));
        Assert.Equal("maybe", (string?)await redis.Db.HashGetAsync(repo.KeyFor("bad"), "flag"));
        Assert.Equal("\"good\"", (string?)await redis.Db.HashGetAsync(repo.KeyFor("good"), "id"));
    }

    [Fact]
    public void Classify_is_idempotent_and_keeps_strings_strings()
    {
        var serializer = HorreumSerializer.Default;
        var anyString = Gen.OneOf(Gen.Elements(s_texts), ArbMap.Default.GeneratorFor<string>().Where(s => s is not null));
        Prop.ForAll(anyString.ToArbitrary(), raw =>
        {
            var first = V1Values.Classify(raw, typeof(string), serializer, V1NullText.Text);
            if (first.Kind == V1ConversionKind.Remove)
            {
                return raw.Length == 0;
            }
            var v2 = first.Kind == V1ConversionKind.AlreadyV2 ? raw : serializer.Encode(first.Value, typeof(string))!;
            // After one conversion the value is v2 and stays as it is.
            return V1Values.Classify(v2, typeof(string), serializer).Kind == V1ConversionKind.AlreadyV2
                && serializer.Decode(v2, typeof(string), "k", "f") is string;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Classify_reads_v1_booleans_and_numbers_by_their_declared_type()
    {
        var s = HorreumSerializer.Default;
        Assert.Equal(true, V1Values.Classify("1", typeof(bool), s).Value);
        Assert.Equal(false, V1Values.Classify("0", typeof(bool), s).Value);
        Assert.Equal(V1ConversionKind.AlreadyV2, V1Values.Classify("true", typeof(bool), s).Kind);
        Assert.Equal(V1ConversionKind.Invalid, V1Values.Classify("maybe", typeof(bool), s).Kind);
        Assert.Equal(V1ConversionKind.AlreadyV2, V1Values.Classify("42", typeof(int), s).Kind);
        Assert.Equal("007", V1Values.Classify("007", typeof(string), s).Value);
        Assert.Equal(V1ConversionKind.Invalid, V1Values.Classify("007", typeof(int), s).Kind);
        Assert.Equal(V1ConversionKind.Invalid, V1Values.Classify("{\"a\":", typeof(Dictionary<string, int>), s).Kind);
        Assert.Equal(V1ConversionKind.Remove, V1Values.Classify("", typeof(int?), s).Kind);
        Prop.ForAll(ArbMap.Default.GeneratorFor<int>().ToArbitrary(), i =>
            V1Values.Classify(i.ToString(CultureInfo.InvariantCulture), typeof(int), s).Kind == V1ConversionKind.AlreadyV2).QuickCheckThrowOnFailure();
    }
}
