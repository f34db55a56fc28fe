using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Horreum.Orm.Modeling;
using Horreum.Orm.Serialization;
using Horreum.Orm.Tests.Models;
using Horreum.TestKit;

namespace Horreum.Orm.Tests;

/// <summary>FsCheck properties; a failure message carries the seed to replay it.</summary>
public sealed class PropertyTests(RedisFixture redis)
{
    private static readonly HorreumSerializer s_serializer = new();

    /// <summary>Strings that tempt a codec into changing their type.</summary>
    private static readonly string[] s_tricky =
        ["", "007", "42", "-0", "1e5", "4.50", "true", "false", "null", "NaN", "{}", "[]", "{\"a\":1}", "[1,2]", "\"quoted\"", " ", "\\", "é€😀", "line\nbreak", "\u0000"];

    private static Gen<string> TrickyStrings() =>
        Gen.OneOf(Gen.Elements(s_tricky), ArbMap.Default.GeneratorFor<string>().Where(s => s is not null));

    private static bool RoundTrips<T>(T value)
    {
        var text = s_serializer.Encode(value, typeof(T));
        var back = s_serializer.Decode(text, typeof(T), "k", "f");
        return value is null ? back is null : back is T typed && EqualityComparer<T>.Default.Equals(typed, value);
    }

    private static void Check<T>(Gen<T> gen) => Prop.ForAll(gen.ToArbitrary(), v => RoundTrips(v)).QuickCheckThrowOnFailure();

    [Fact]
    public void Strings_round_trip_as_strings_even_when_they_look_like_other_json()
    {
        Prop.ForAll(TrickyStrings().ToArbitrary(), s =>
        {
            var text = s_serializer.Encode(s, typeof(string))!;
            return text.StartsWith('"') && (string?)s_serializer.Decode(text, typeof(string), "k", "f") == s;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Scalars_round_trip_with_value_and_type()
    {
        Check(ArbMap.Default.GeneratorFor<int>());
        Check(ArbMap.Default.GeneratorFor<long>());
        Check(ArbMap.Default.GeneratorFor<bool>());
        Check(ArbMap.Default.GeneratorFor<decimal>());
        Check(ArbMap.Default.GeneratorFor<double>());
        Check(ArbMap.Default.GeneratorFor<float>());
        Check(ArbMap.Default.GeneratorFor<Guid>());
        Check(ArbMap.Default.GeneratorFor<int?>());
        Check(ArbMap.Default.GeneratorFor<Tier>());
        Check(ArbMap.Default.GeneratorFor<char>());
        Check(ArbMap.Default.GeneratorFor<long>().Select(t => new DateTime(Math.Abs(t % DateTime.MaxValue.Ticks), DateTimeKind.Utc)));
        Check(ArbMap.Default.GeneratorFor<long>().Select(t => new DateTimeOffset(Math.Abs(t % (DateTime.MaxValue.Ticks - TimeSpan.TicksPerDay)) + TimeSpan.TicksPerDay, TimeSpan.Zero)));
        Check(ArbMap.Default.GeneratorFor<TimeSpan>());
    }

    [Fact]
    public void Decimal_keeps_every_digit_and_scale()
    {
        Prop.ForAll(ArbMap.Default.GeneratorFor<decimal>().ToArbitrary(), d =>
        {
            var text = s_serializer.Encode(d, typeof(decimal))!;
            var back = (decimal)s_serializer.Decode(text, typeof(decimal), "k", "f")!;
            return back == d && back.Scale == d.Scale;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Collections_round_trip()
    {
        Prop.ForAll(TrickyStrings().ListOf().ToArbitrary(), list =>
        {
            var text = s_serializer.Encode(list, typeof(List<string>));
            var back = (List<string>)s_serializer.Decode(text, typeof(List<string>), "k", "f")!;
            return back.SequenceEqual(list);
        }).QuickCheckThrowOnFailure();

        var pairs = Gen.Zip(TrickyStrings(), ArbMap.Default.GeneratorFor<long>()).ListOf();
        Prop.ForAll(pairs.ToArbitrary(), kv =>
        {
            var dict = kv.GroupBy(p => p.Item1).ToDictionary(g => g.Key, g => g.First().Item2);
            var text = s_serializer.Encode(dict, typeof(Dictionary<string, long>));
            var back = (Dictionary<string, long>)s_serializer.Decode(text, typeof(Dictionary<string, long>), "k", "f")!;
            return back.Count == dict.Count && dict.All(p => back[p.Key] == p.Value);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Untyped_values_keep_their_json_kind()
    {
        var scalar = Gen.OneOf(
            ArbMap.Default.GeneratorFor<long>().Select(l => (object?)l),
            TrickyStrings().Select(s => (object?)s),
            ArbMap.Default.GeneratorFor<bool>().Select(b => (object?)b),
            ArbMap.Default.GeneratorFor<NormalFloat>().Select(f => (object?)(f.Get == Math.Floor(f.Get) ? f.Get + 0.5 : f.Get)));
        Prop.ForAll(scalar.ToArbitrary(), v =>
        {
            var back = s_serializer.Decode(s_serializer.Encode(v, typeof(object)), typeof(object), "k", "f");
            return back!.GetType() == v!.GetType() && back.Equals(v);
        }).QuickCheckThrowOnFailure();

        Prop.ForAll(ArbMap.Default.GeneratorFor<long>().ToArbitrary(), l =>
        {
            var node = s_serializer.Decode(s_serializer.Encode(JsonValue.Create(l), typeof(JsonNode)), typeof(JsonNode), "k", "f") as JsonValue;
            return node is not null && node.TryGetValue<long>(out var back) && back == l && node.ToJsonString() == l.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Distinct_ids_and_names_never_share_a_key()
    {
        var idChars = Gen.Elements("a", "b", ":", "{", "}", " ", "é", "😀", "*", "object", "tags", "instances");
        var ids = idChars.ListOf().Select(parts => string.Concat(parts)).Where(s => s.Length > 0);
        var names = Gen.Elements("object", "tags", "ob", "ject", "logins");
        var keys = new ModelKeys(ModelMetadata.For<Customer>(), "ns");
        Prop.ForAll(Gen.Zip(Gen.Zip(ids, names), ids).ToArbitrary(), t =>
        {
            var ((id1, name), id2) = t;
            var k1 = name == "object" ? keys.ObjectKey(id1) : keys.RelatedKey(id1, name);
            var same = id1 == id2;
            return keys.IdFromObjectKey(keys.ObjectKey(id1)) == id1
                && (same || keys.ObjectKey(id1) != keys.ObjectKey(id2))
                && (same || keys.RelatedKey(id1, name) != keys.RelatedKey(id2, name))
                && (name == "object" || k1 != keys.ObjectKey(id2));
        }).QuickCheckThrowOnFailure();
    }

    /// <summary>
    /// FsCheck picks a request over a universe of ids (a third of them never saved, repeats allowed); load-many answers
    /// in request order with null exactly where nothing is stored. A failure shrinks to the smallest such request.
    /// </summary>
    [Property(MaxTest = 60)]
    public async Task LoadMany_returns_request_order_with_null_exactly_where_missing(int[] picks)
    {
        var client = TestClients.Create(redis, out _, batchSize: 4);
        var repo = client.Repository<Customer>();
        var universe = Enumerable.Range(0, 12).Select(i => $"k:{i}").ToArray();
        var saved = universe.Where((_, i) => i % 3 != 0).ToHashSet();
        await repo.SaveManyAsync(saved.Select(id => new Customer { Id = id, Name = id }));
        var request = picks.Select(p => universe[Math.Abs(p % universe.Length)]).ToArray();

        var loaded = await repo.LoadManyAsync(request.Cast<object>());

        var ok = loaded.Count == request.Length
            && request.Select((id, i) => saved.Contains(id) ? loaded[i]?.Name == id : loaded[i] is null).All(x => x);
        Assert.True(ok, $"load-many broke order or nulls for request [{string.Join(", ", request)}]");
    }
}
