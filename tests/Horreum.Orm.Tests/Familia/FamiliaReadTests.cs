using FamiliaInterop.Models;
using Horreum.Orm.Collections;
using Horreum.Orm.Modeling;
using Horreum.TestKit;

namespace Horreum.Orm.Tests.Familia;

/// <summary>Issue 16 item 2: everything Ruby Familia 2.12 wrote loads into the C# mirrors as Familia loaded it (loaded.txt).</summary>
public sealed class FamiliaReadTests(RedisFixture redis)
{
    private static readonly string[] s_mirrored = ["ValueSample", "Widget", "Item2Count", "Acme::HTTPServer2Config", "CustomKeyed", "Session2"];

    [Fact]
    public async Task Every_mirrored_object_loads_as_Familia_loaded_it()
    {
        var client = TestClients.Create(redis, out var ns);
        await FamiliaGolden.RestoreAsync(redis.Db, ns);
        var objects = LoadedText.Objects.Where(o => s_mirrored.Contains(o.RubyClass)).ToList();
        Assert.Equal(52 + 2 + 5 + 1 + 1 + 1, objects.Count);
        foreach (var expected in objects)
        {
            var (record, model, key) = await LoadAsync(client, expected.RubyClass, expected.Identifier);
            Assert.True(record is not null, $"{expected.DbKey} did not load");
            Assert.Equal(ns + ":" + expected.DbKey, key);
            foreach (var (field, shown) in expected.Fields)
            {
                var meta = model.FieldByStorageName(field);
                Assert.True(meta is not null, $"{model.ClrType.Name} has no field stored as '{field}'");
                Assert.True(shown == RubyInspect.ClassAndInspect(meta.GetValue(record)),
                    $"{expected.DbKey} field {field}: Ruby loaded {shown}, we loaded {RubyInspect.ClassAndInspect(meta.GetValue(record))}");
            }
        }
    }

    [Fact]
    public async Task After_Familias_own_resave_and_migration_every_mirrored_object_still_loads_as_Familia_loaded_it()
    {
        // migrations-dump.json: BigDecimals re-saved as 0.1e16, `updated` and instances scores new, `migrated` added to Item2Count.
        // Ruby loaded only dump.json (loaded.txt); a re-saved BigDecimal text is compared by its number.
        var client = TestClients.Create(redis, out var ns);
        await FamiliaGolden.RestoreAsync(redis.Db, ns, FamiliaGolden.MigrationsDump);
        Assert.Equal("0.1e16", FamiliaGolden.HashText(FamiliaGolden.Key("value_sample:f_1e15:object", FamiliaGolden.MigrationsDump)).Single(p => p.Field == "v").Value);
        foreach (var expected in LoadedText.Objects.Where(o => s_mirrored.Contains(o.RubyClass)))
        {
            var (record, model, _) = await LoadAsync(client, expected.RubyClass, expected.Identifier);
            Assert.True(record is not null, $"{expected.DbKey} did not load");
            var first = FamiliaGolden.HashText(FamiliaGolden.Key(expected.DbKey));
            var resaved = FamiliaGolden.HashText(FamiliaGolden.Key(expected.DbKey, FamiliaGolden.MigrationsDump));
            foreach (var (field, shown) in expected.Fields.Where(f => f.Field != "updated"))
            {
                var meta = model.FieldByStorageName(field)!;
                var value = meta.GetValue(record);
                if (first.SingleOrDefault(p => p.Field == field).Value != resaved.SingleOrDefault(p => p.Field == field).Value)
                {
                    // Only BigDecimals change text (1000000000000000.0 → 0.1e16); the number must stay the same.
                    Assert.StartsWith("BigDecimal: ", shown, StringComparison.Ordinal);
                    var number = decimal.Parse(shown["BigDecimal: ".Length..], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture);
                    Assert.True(number == Convert.ToDecimal(value, System.Globalization.CultureInfo.InvariantCulture), $"{expected.DbKey}: {shown} re-read as {value}");
                    continue;
                }
                Assert.True(shown == RubyInspect.ClassAndInspect(value),
                    $"{expected.DbKey} field {field}: Ruby loaded {shown}, we loaded {RubyInspect.ClassAndInspect(value)}");
            }
        }
    }

    [Fact]
    public async Task Widget_collections_and_class_level_keys_load_as_Familia_shows_them()
    {
        var client = TestClients.Create(redis, out var ns);
        await FamiliaGolden.RestoreAsync(redis.Db, ns, which: k => k.StartsWith("widget:", StringComparison.Ordinal));
        var repo = client.Repository<Widget>();
        var w1 = (await repo.LoadAsync("w1"))!;

        Assert.Equal(LoadedText.Line("  events.to_a => "), RubyInspect.Inspect((await w1.Events!.RangeAsync()).ToList()));
        var labels = (await w1.Labels!.MembersAsync()).Select(RubyInspect.Inspect).Order(StringComparer.Ordinal);
        Assert.Equal(LoadedText.Line("  labels.to_a (sorted by inspect) => "), "[" + string.Join(", ", labels) + "]");
        var scores = await w1.Scores!.RangeByRankAsync();
        Assert.Equal(LoadedText.Line("  scores.members(withscores) => "), RubyInspect.Inspect(scores.Select(s => s.Key).ToList()));
        Assert.Equal([-1, 0.1, 99.5, 100, 1e20], scores.Select(s => s.Value));
        var props = await w1.Props!.GetAllAsync();
        Assert.Equal(LoadedText.Line("  props.hgetall => "), RubyInspect.Inspect(props.ToDictionary(p => p.Key, p => (object?)p.Value)));
        Assert.Equal(LoadedText.Line("  visits.value => "), (await w1.Visits!.GetAsync()) + " (Integer)");
        Assert.Equal(LoadedText.Line("  note.value => "), RubyInspect.Inspect(await w1.Note!.GetAsync()));

        var recent = repo.ClassCollection<HorreumList<string>>("recent", references: typeof(Widget));
        Assert.Equal(LoadedText.Line("  Widget.recent.to_a => "), RubyInspect.Inspect((await recent.RangeAsync()).ToList()));
        var registry = await repo.ClassCollection<HorreumHash<object>>("registry").GetAllAsync();
        Assert.Equal(LoadedText.Line("  Widget.registry.hgetall => "), RubyInspect.Inspect(registry.ToDictionary(p => p.Key, p => (object?)p.Value)));
        Assert.Equal(LoadedText.Line("  Widget.total.value => "), (await repo.ClassCollection<HorreumCounter>("total").GetAsync()).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Timestamps_read_into_DateTimeOffset_within_Familias_10_microseconds()
    {
        var client = TestClients.Create(redis, out var ns);
        await FamiliaGolden.RestoreAsync(redis.Db, ns, which: k => k == "widget:w1:object");
        var w1 = (await client.Repository<Widget>().LoadAsync("w1"))!;
        // Stored text 1796221842.94755 / 1796221842.94759 (seconds since the epoch).
        Assert.Equal(17962218429475500L, (w1.Created!.Value.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks));
        Assert.Equal(17962218429475900L, (w1.Updated!.Value.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks));
    }

    [Fact]
    public async Task Loading_the_golden_data_rewrites_nothing()
    {
        var client = TestClients.Create(redis, out var ns);
        await FamiliaGolden.RestoreAsync(redis.Db, ns);
        var before = await redis.DigestAsync(ns);
        foreach (var expected in LoadedText.Objects.Where(o => s_mirrored.Contains(o.RubyClass)))
        {
            await LoadAsync(client, expected.RubyClass, expected.Identifier);
        }
        var w1 = (await client.Repository<Widget>().LoadAsync("w1"))!;
        await w1.Events!.RangeAsync();
        await w1.Props!.GetAllAsync();
        Assert.Equal(before, await redis.DigestAsync(ns));
    }

    internal static async Task<(object? Record, ModelMetadata Model, string Key)> LoadAsync(HorreumClient client, string rubyClass, string id) => rubyClass switch
    {
        "ValueSample" => (await client.Repository<ValueSample>().LoadAsync(id), client.Repository<ValueSample>().Model, client.Repository<ValueSample>().KeyFor(id)),
        "Widget" => (await client.Repository<Widget>().LoadAsync(id), client.Repository<Widget>().Model, client.Repository<Widget>().KeyFor(id)),
        "Item2Count" => (await client.Repository<Item2Count>().LoadAsync(id), client.Repository<Item2Count>().Model, client.Repository<Item2Count>().KeyFor(id)),
        "Acme::HTTPServer2Config" => (await client.Repository<HTTPServer2Config>().LoadAsync(id), client.Repository<HTTPServer2Config>().Model, client.Repository<HTTPServer2Config>().KeyFor(id)),
        "CustomKeyed" => (await client.Repository<CustomKeyed>().LoadAsync(id), client.Repository<CustomKeyed>().Model, client.Repository<CustomKeyed>().KeyFor(id)),
        "Session2" => (await client.Repository<Session2>().LoadAsync(id), client.Repository<Session2>().Model, client.Repository<Session2>().KeyFor(id)),
        _ => throw new ArgumentException(rubyClass),
    };
}
