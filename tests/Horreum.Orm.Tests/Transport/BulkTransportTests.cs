using System.Buffers.Text;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Horreum.Orm.Transport;
using Horreum.TestKit;
using StackExchange.Redis;

namespace Horreum.Orm.Tests.Transport;

/// <summary>Both bulk transports against the real server: same transform, same result.</summary>
public sealed class BulkTransportTests(RedisFixture redis)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Small pages, batches and window so a test of a thousand records crosses every boundary many times.
    private static readonly BulkPassOptions s_small = new() { ScanCount = 50, WriteBatchSize = 64, PipelineDepth = 2, ReadBatchSize = 100 };

    private IBulkTransport Transport(string name) => name switch
    {
        "resp" => new RespBulkTransport(new RespConnectionOptions { Port = redis.Port }, s_small),
        _ => new StackExchangeBulkTransport(redis.Db, s_small),
    };

    // Idempotent on purpose: SCAN may return a key twice while other tests grow the keyspace.
    private static void Derive(BulkRecord record, BulkChanges changes)
    {
        if (record.TryGetValue("skip"u8, out _))
        {
            return;
        }
        if (record.TryGetValue("n"u8, out var n) && Utf8Parser.TryParse(n, out long value, out _))
        {
            Span<byte> digits = stackalloc byte[20];
            Utf8Formatter.TryFormat(value * 2, digits, out var written);
            changes.Set("twice"u8, digits[..written]);
        }
        if (record.TryGetValue("old"u8, out _))
        {
            changes.Delete("old"u8);
        }
    }

    [Theory]
    [InlineData("resp")]
    [InlineData("se")]
    public async Task RunPassAsync_every_record_is_read_transformed_and_written(string name)
    {
        var p = RedisFixture.Prefix() + name;
        const int count = 1234;
        var batch = redis.Db.CreateBatch();
        var seeded = Enumerable.Range(0, count).Select(i =>
        {
            var fields = new List<HashEntry> { new("n", i), new("name", $"\"r{i}\r\n\"") };
            if (i % 3 == 0)
            {
                fields.Add(new HashEntry("old", "x"));
            }
            if (i % 10 == 7)
            {
                fields.Add(new HashEntry("skip", "1"));
            }
            return batch.HashSetAsync($"{p}:{i}:object", fields.ToArray());
        }).ToArray();
        batch.Execute();
        await Task.WhenAll(seeded);

        var result = await Transport(name).RunPassAsync(p + ":*:object", Derive, Ct);

        Assert.True(result.Scanned >= count, $"scanned {result.Scanned}");
        for (var i = 0; i < count; i += 7)
        {
            var hash = (await redis.Db.HashGetAllAsync($"{p}:{i}:object")).ToDictionary(e => (string)e.Name!, e => (string)e.Value!);
            if (i % 10 == 7)
            {
                Assert.False(hash.ContainsKey("twice"));
                continue;
            }
            Assert.Equal((i * 2).ToString(System.Globalization.CultureInfo.InvariantCulture), hash["twice"]);
            Assert.False(hash.ContainsKey("old"));
            Assert.Equal($"\"r{i}\r\n\"", hash["name"]);
        }
    }

    [Fact]
    public async Task RunPassAsync_key_of_the_wrong_type_fails_naming_the_key()
    {
        var p = RedisFixture.Prefix();
        await redis.Db.HashSetAsync(p + ":1:object", "n", "1");
        await redis.Db.StringSetAsync(p + ":2:object", "not a hash");

        var error = await Assert.ThrowsAsync<RedisReplyException>(() => Transport("resp").RunPassAsync(p + ":*:object", Derive, Ct));

        Assert.Equal("HGETALL", error.Command);
        Assert.Equal(p + ":2:object", error.Key);
    }

    [Fact]
    public async Task RunPassAsync_binary_fields_copied_by_both_transports_match_what_was_stored()
    {
        // Redis-backed property: cases are generated up front and awaited here, never inside a sync property.
        var hashes = Gen.Zip(RespGenerators.Payloads().Where(b => b.Length > 0), RespGenerators.Payloads())
            .ArrayOf().Where(a => a.Length > 0)
            .Select(pairs => pairs.DistinctBy(f => Convert.ToBase64String(f.Item1)).ToArray())
            .ListOf().Where(l => l.Count > 0)
            .Sample(20, 6);
        foreach (var (cases, index) in hashes.Select((h, i) => (h, i)))
        {
            foreach (var name in new[] { "resp", "se" })
            {
                var p = $"{RedisFixture.Prefix()}{name}{index}";
                for (var i = 0; i < cases.Count; i++)
                {
                    await redis.Db.HashSetAsync($"{p}:{i}:object", cases[i].Select(f => new HashEntry(f.Item1, f.Item2)).ToArray());
                }

                await Transport(name).RunPassAsync(p + ":*:object", static (record, changes) =>
                {
                    for (var f = 0; f < record.FieldCount; f++)
                    {
                        if (!record.GetName(f).StartsWith("c:"u8))
                        {
                            changes.Set([.. "c:"u8, .. record.GetName(f)], record.GetValue(f));
                        }
                    }
                }, Ct);

                for (var i = 0; i < cases.Count; i++)
                {
                    var stored = await redis.Db.HashGetAllAsync($"{p}:{i}:object");
                    foreach (var (field, value) in cases[i])
                    {
                        if (field.AsSpan().StartsWith("c:"u8))
                        {
                            continue;
                        }
                        var copy = stored.Single(e => ((byte[])e.Name!).AsSpan().SequenceEqual([.. "c:"u8, .. field]));
                        Assert.Equal(value, (byte[])copy.Value!);
                    }
                }
            }
        }
    }
}
