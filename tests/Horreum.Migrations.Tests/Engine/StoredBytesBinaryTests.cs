using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Horreum.Migrations.Engine;
using Horreum.Orm;
using Horreum.Orm.Transport;
using Horreum.TestKit;
using StackExchange.Redis;

namespace Horreum.Migrations.Tests.Engine;

/// <summary>
/// The byte-level kind moves stored bytes as they are: field names and values that look like protocol (CR/LF, NUL,
/// invalid UTF-8, RESP headers, empty values) are copied byte for byte, over the RESP pipeline and over
/// StackExchange.Redis batches alike (both write the page's bytes through the transport's write window).
/// </summary>
public sealed class StoredBytesBinaryTests(RedisFixture redis)
{
    // Payloads a parser that scans for CRLF instead of counting bytes would break on.
    private static readonly byte[][] s_tricky =
        ["\r\n"u8.ToArray(), "$3\r\nabc\r\n"u8.ToArray(), ""u8.ToArray(), "*1\r\n:1\r\n"u8.ToArray(), "\r"u8.ToArray(), "\n"u8.ToArray(), "-ERR x\r\n"u8.ToArray(), [0, 255, 13, 10, 13]];

    /// <summary>
    /// FsCheck makes hashes of binary field names and values; a <c>UseStoredBytes</c> migration copies every field to a
    /// "c:" twin. Items pair up as name, value; a failure shrinks the hashes.
    /// </summary>
    [Property(MaxTest = 15, Arbitrary = [typeof(BinaryPayloads)])]
    public async Task Binary_fields_are_copied_byte_for_byte_on_both_transports(byte[][][] items)
    {
        foreach (var transport in new[] { BulkTransportKind.Resp, BulkTransportKind.StackExchange })
        {
            var hashes = items.Select(Fields).Where(h => h.Length > 0).ToArray();
            var rig = EngineRig.Create(redis, member: $"binary_{transport}");
            rig = rig with { Client = new HorreumClient(rig.Client.Connection, new HorreumOptions { KeyNamespace = rig.Ns, BulkTransport = transport }) };
            for (var i = 0; i < hashes.Length; i++)
            {
                await redis.Db.HashSetAsync($"{rig.Ns}:person:b{i}:object", hashes[i].Select(f => new HashEntry(f.Name, f.Value)).ToArray());
            }

            var run = await rig.Runner(new CopyEveryField()).RunAsync(new MigrationRunOptions { DryRun = false });

            var result = Assert.Single(run.Migrations);
            Assert.True(run.Succeeded, result.Error);
            Assert.Equal(transport == BulkTransportKind.Resp ? "resp" : "se-batch", result.Transport);
            for (var i = 0; i < hashes.Length; i++)
            {
                var stored = await redis.Db.HashGetAllAsync($"{rig.Ns}:person:b{i}:object");
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
            .Select(j => ((byte[])[(byte)'k', .. items![2 * j] ?? []], items[(2 * j) + 1] ?? []))
            .DistinctBy(f => Convert.ToBase64String(f.Item1))
            .ToArray();

    /// <summary>Copies every stored field to a "c:" twin, bytes untouched.</summary>
    private sealed class CopyEveryField : PipelineMigration<Person>
    {
        public override string Id => "20250106_000000_copy_every_field";
        protected override bool UseStoredBytes => true;
        protected override bool ShouldProcess(Person record) => throw new InvalidOperationException("not called with UseStoredBytes");
        protected override FieldChanges BuildUpdate(Person record) => throw new InvalidOperationException("not called with UseStoredBytes");

        protected override void TransformStored(BulkRecord record, BulkChanges changes)
        {
            for (var f = 0; f < record.FieldCount; f++)
            {
                if (!record.GetName(f).StartsWith("c:"u8))
                {
                    changes.Set([.. "c:"u8, .. record.GetName(f)], record.GetValue(f));
                }
            }
        }
    }

    /// <summary>byte[] payloads: protocol look-alikes, arbitrary bytes and UTF-8 text, shrunk as FsCheck shrinks any byte array.</summary>
    public static class BinaryPayloads
    {
        public static Arbitrary<byte[]> Payload() =>
            Arb.From(
                Gen.OneOf(
                    Gen.Elements(s_tricky),
                    ArbMap.Default.GeneratorFor<byte[]>().Where(b => b is not null),
                    ArbMap.Default.GeneratorFor<string>().Where(s => s is not null).Select(s => Encoding.UTF8.GetBytes(s))),
                b => ArbMap.Default.ArbFor<byte[]>().Shrinker(b));
    }
}
