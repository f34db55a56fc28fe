using System.Buffers.Text;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
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

    /// <summary>
    /// FsCheck makes hashes of binary field names and values (CR/LF, NUL, invalid UTF-8, empty values); both transports
    /// copy every field to a "c:" twin, byte for byte. Items pair up as name, value; a failure shrinks the hashes.
    /// </summary>
    [Property(MaxTest = 20, Arbitrary = [typeof(BinaryPayloads)])]
    public async Task RunPassAsync_binary_fields_copied_by_both_transports_match_what_was_stored(byte[][][] items)
    {
        var hashes = items.Select(Fields).Where(h => h.Length > 0).ToArray();
        foreach (var name in new[] { "resp", "se" })
        {
            var p = $"{RedisFixture.Prefix()}{name}";
            for (var i = 0; i < hashes.Length; i++)
            {
                await redis.Db.HashSetAsync($"{p}:{i}:object", hashes[i].Select(f => new HashEntry(f.Name, f.Value)).ToArray());
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

            for (var i = 0; i < hashes.Length; i++)
            {
                var stored = await redis.Db.HashGetAllAsync($"{p}:{i}:object");
                foreach (var (field, value) in hashes[i])
                {
                    var copy = stored.Single(e => ((byte[])e.Name!).AsSpan().SequenceEqual([.. "c:"u8, .. field]));
                    Assert.Equal(value, (byte[])copy.Value!);
                }
            }
        }
    }

    // Items pair up as (name, value); every name starts with 'k' (never empty, never "c:"), a repeated name counts once.
    private static (byte[] Name, byte[] Value)[] Fields(byte[][]? items) =>
        Enumerable.Range(0, (items?.Length ?? 0) / 2)
            .Select(j => ((byte[])[(byte)'k', .. items![2 * j] ?? []], items[2 * j + 1] ?? []))
            .DistinctBy(f => Convert.ToBase64String(f.Item1))
            .ToArray();

    /// <summary>byte[] drawn from <see cref="RespGenerators.Payloads"/>, shrunk as FsCheck shrinks any byte array.</summary>
    public static class BinaryPayloads
    {
        public static Arbitrary<byte[]> Payload() =>
            Arb.From(RespGenerators.Payloads(), b => ArbMap.Default.ArbFor<byte[]>().Shrinker(b));
    }
}
