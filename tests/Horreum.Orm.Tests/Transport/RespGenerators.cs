using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Horreum.Orm.Transport;

namespace Horreum.Orm.Tests.Transport;

/// <summary>Generators of RESP values and commands, biased towards the bytes that confuse a parser.</summary>
internal static class RespGenerators
{
    // Payloads that look like protocol: a parser that scans for CRLF instead of counting bytes breaks on these.
    private static readonly byte[][] s_tricky =
        ["\r\n"u8.ToArray(), "$3\r\nabc\r\n"u8.ToArray(), ""u8.ToArray(), "*1\r\n:1\r\n"u8.ToArray(), "\r"u8.ToArray(), "\n"u8.ToArray(), "-ERR x\r\n"u8.ToArray(), [0, 255, 13, 10, 13]];

    public static Gen<byte[]> Payloads() =>
        Gen.OneOf(
            Gen.Elements(s_tricky),
            ArbMap.Default.GeneratorFor<byte[]>().Where(b => b is not null),
            ArbMap.Default.GeneratorFor<string>().Where(s => s is not null).Select(s => Encoding.UTF8.GetBytes(s)));

    private static Gen<string> Lines() =>
        ArbMap.Default.GeneratorFor<string>()
            .Where(s => s is not null)
            .Select(s => s.Replace("\r", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal));

    private static Gen<RespValue> Leaves() =>
        Gen.OneOf(
            Lines().Select(RespValue.SimpleString),
            Lines().Select(s => RespValue.Error("ERR " + s)),
            ArbMap.Default.GeneratorFor<long>().Select(RespValue.FromInteger),
            Gen.Elements(long.MinValue, long.MaxValue, 0L, -1L).Select(RespValue.FromInteger),
            Payloads().Select(RespValue.Bulk),
            Gen.Constant(RespValue.Bulk((byte[]?)null)),
            Gen.Constant(RespValue.FromArray(null)),
            Gen.Constant(RespValue.FromArray([])));

    private static Gen<RespValue> Values(int size) =>
        size <= 1
            ? Leaves()
            : Gen.OneOf(
                Leaves(),
                Values(size / 3).ListOf().Select(items => RespValue.FromArray(items.ToArray())),
                // HGETALL's shape: a flat array of bulk strings.
                Payloads().Select(RespValue.Bulk).ListOf().Select(items => RespValue.FromArray(items.ToArray())));

    public static Arbitrary<RespValue> Replies() => Gen.Sized(s => Values(Math.Min(s, 30))).ToArbitrary();

    public static Arbitrary<(string Command, byte[][] Arguments)> Commands() =>
        Gen.Zip(
            Gen.Elements("GET", "HSET", "HGETALL", "SCAN", "HDEL", "SET", "X"),
            Payloads().ArrayOf())
        .ToArbitrary();

    public static byte[] Encode(RespValue value)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        RespEncoder.WriteValue(buffer, value);
        return buffer.WrittenSpan.ToArray();
    }
}
