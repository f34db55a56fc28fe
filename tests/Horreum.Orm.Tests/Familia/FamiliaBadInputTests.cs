using System.Numerics;
using FamiliaInterop.Models;
using Horreum.Orm.Modeling;
using Horreum.Orm.Serialization;
using Horreum.TestKit;

namespace Horreum.Orm.Tests.Familia;

[Model(Prefix = "value_sample", Profile = StorageProfile.Familia)]
public sealed class LongSample
{
    [Identifier] public string CaseId { get; set; } = "";
    public long? V { get; set; }
}

[Model(Prefix = "value_sample", Profile = StorageProfile.Familia)]
public sealed class BigSample
{
    [Identifier] public string CaseId { get; set; } = "";
    public BigInteger? V { get; set; }
}

[Model(Prefix = "value_sample", Profile = StorageProfile.Familia)]
public sealed class DecimalSample
{
    [Identifier] public string CaseId { get; set; } = "";
    public decimal? V { get; set; }
}

[Model(Prefix = "value_sample", Profile = StorageProfile.Familia)]
public sealed class TextSample
{
    [Identifier] public string CaseId { get; set; } = "";
    public string? V { get; set; }
}

/// <summary>Issue 16 items 2 and 6: Ruby-only values have a documented outcome; bad values name key, field and value; loads write nothing.</summary>
public sealed class FamiliaBadInputTests(RedisFixture redis)
{
    [Fact]
    public async Task An_integer_beyond_long_in_a_long_field_fails_naming_key_field_and_value()
    {
        var client = TestClients.Create(redis, out var ns);
        await FamiliaGolden.RestoreAsync(redis.Db, ns, which: k => k == "value_sample:i_2pow64:object");
        var before = await redis.DigestAsync(ns);
        var ex = await Assert.ThrowsAsync<FieldDecodeException>(() => client.Repository<LongSample>().LoadAsync("i_2pow64"));
        Assert.Contains($"{ns}:value_sample:i_2pow64:object", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'v'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("18446744073709551616", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, await redis.DigestAsync(ns));
    }

    [Fact]
    public async Task Ruby_bignums_read_as_BigInteger_and_BigDecimal_floats_as_decimal()
    {
        var client = TestClients.Create(redis, out var ns);
        await FamiliaGolden.RestoreAsync(redis.Db, ns, which: k => k.StartsWith("value_sample:", StringComparison.Ordinal));
        Assert.Equal(BigInteger.Pow(2, 64), (await client.Repository<BigSample>().LoadAsync("i_2pow64"))!.V);
        Assert.Equal(-BigInteger.Pow(2, 63), (await client.Repository<BigSample>().LoadAsync("i_neg_2pow63"))!.V);
        Assert.Equal(1e15m, (await client.Repository<DecimalSample>().LoadAsync("f_1e15"))!.V);
        Assert.Equal(9007199254740992m, (await client.Repository<DecimalSample>().LoadAsync("f_2pow53_p1"))!.V);
        Assert.Equal(0.1m, (await client.Repository<DecimalSample>().LoadAsync("f_0_1"))!.V);
        // Untyped: what Ruby's classes say (Integer → long/BigInteger, Float → double, BigDecimal → decimal).
        Assert.IsType<BigInteger>((await client.Repository<ValueSample>().LoadAsync("i_2pow63"))!.V);
        Assert.IsType<long>((await client.Repository<ValueSample>().LoadAsync("i_neg_2pow63"))!.V);
        Assert.IsType<decimal>((await client.Repository<ValueSample>().LoadAsync("f_1e17"))!.V);
        Assert.IsType<double>((await client.Repository<ValueSample>().LoadAsync("f_1e20"))!.V);
        // A re-save of the BigDecimal writes Familia's BigDecimal text, as Familia's own re-save did.
        var bigDecimal = (await client.Repository<DecimalSample>().LoadAsync("f_1e15"))!;
        await client.Repository<DecimalSample>().SaveAsync(bigDecimal);
        Assert.Equal("0.1e16", (string?)await redis.Db.HashGetAsync($"{ns}:value_sample:f_1e15:object", "v"));
    }

    [Fact]
    public async Task Legacy_raw_text_fails_in_strict_mode_and_reads_raw_in_lenient_mode_without_rewriting()
    {
        var observer = new RecordingObserver();
        var strict = TestClients.Create(redis, out var ns);
        var key = $"{ns}:value_sample:legacy:object";
        await redis.Db.HashSetAsync(key, [new("case_id", "\"legacy\""), new("v", "plain old text")]);
        var before = await redis.DigestAsync(ns);
        var ex = await Assert.ThrowsAsync<FieldDecodeException>(() => strict.Repository<TextSample>().LoadAsync("legacy"));
        Assert.Contains(key, ex.Message, StringComparison.Ordinal);
        Assert.Contains("plain old text", ex.Message, StringComparison.Ordinal);

        var lenient = new HorreumClient(redis.Multiplexer, new HorreumOptions { KeyNamespace = ns, ReadMode = ReadMode.Lenient, Observers = { observer } });
        Assert.Equal("plain old text", (await lenient.Repository<TextSample>().LoadAsync("legacy"))!.V);
        Assert.Equal("plain old text", (await lenient.Repository<ValueSample>().LoadAsync("legacy"))!.V);
        Assert.Contains(observer.Issues, i => i.Key == key && i.Field == "v");
        Assert.Equal(before, await redis.DigestAsync(ns));
    }

    [Fact]
    public async Task A_lone_surrogate_is_refused_naming_the_field_and_nothing_is_written()
    {
        var client = TestClients.Create(redis, out var ns);
        var ex = await Assert.ThrowsAsync<FieldEncodeException>(() => client.Repository<TextSample>().SaveAsync(new TextSample { CaseId = "s", V = "ab\uD83Dcd" }));
        Assert.Equal("v", ex.Field);
        Assert.False(await redis.Db.KeyExistsAsync($"{ns}:value_sample:s:object"));
    }

    [Fact]
    public async Task NaN_is_refused_as_Familia_refuses_it()
    {
        var client = TestClients.Create(redis, out var ns);
        var ex = await Assert.ThrowsAsync<FieldEncodeException>(() => client.Repository<ValueSample>().SaveAsync(new ValueSample { CaseId = "nan", V = double.NaN }));
        Assert.Equal("v", ex.Field);
        Assert.False(await redis.Db.KeyExistsAsync($"{ns}:value_sample:nan:object"));
    }
}
