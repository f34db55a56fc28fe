using System.Buffers;
using BenchmarkDotNet.Attributes;
using Horreum.Orm.Serialization;
using Horreum.Orm.Transport;

namespace Horreum.Benchmarks;

/// <summary>
/// CPU only, per record of 5 fields: the mapper's encode/decode (every field to and from JSON text) against what the
/// bulk path does instead (find the reply's end, walk its fields as spans).
/// </summary>
[MemoryDiagnoser]
public class SerializerBenchmarks
{
    private static readonly HorreumSerializer s_serializer = HorreumSerializer.Default;
    private readonly string[] _stored = ["\"n-000000000042\"", "\"000000000042@x.io\"", "\"Sao Paulo Centro\"", "\"twenty bytes note\"", "1000000000000000042"];
    private readonly BenchUser _user = new() { Id = "000000000042", Name = "n-000000000042", Email = "000000000042@x.io", City = "Sao Paulo Centro", Note = "twenty bytes note", Score = 1_000_000_000_000_000_042 };
    private ReadOnlySequence<byte> _reply;

    [GlobalSetup]
    public void Setup()
    {
        var value = RespValue.FromArray(
        [
            RespValue.Bulk("name"), RespValue.Bulk(_stored[0]), RespValue.Bulk("email"), RespValue.Bulk(_stored[1]),
            RespValue.Bulk("city"), RespValue.Bulk(_stored[2]), RespValue.Bulk("note"), RespValue.Bulk(_stored[3]),
            RespValue.Bulk("score"), RespValue.Bulk(_stored[4]),
        ]);
        var buffer = new ArrayBufferWriter<byte>();
        RespEncoder.WriteValue(buffer, value);
        _reply = new ReadOnlySequence<byte>(buffer.WrittenMemory);
        // Check before timing: the decode must see what was encoded.
        if ((long)s_serializer.Decode(_stored[4], typeof(long), "k", "score")! != _user.Score || RespParseReplyToObjects() != 10 || RespFrameReply() != _reply.Length)
        {
            throw new InvalidOperationException("Serializer benchmark data does not round-trip.");
        }
    }

    [Benchmark(Description = "HorreumSerializer encode, 5 fields")]
    public int EncodeRecord()
    {
        var total = 0;
        total += s_serializer.Encode(_user.Name, typeof(string))!.Length;
        total += s_serializer.Encode(_user.Email, typeof(string))!.Length;
        total += s_serializer.Encode(_user.City, typeof(string))!.Length;
        total += s_serializer.Encode(_user.Note, typeof(string))!.Length;
        total += s_serializer.Encode(_user.Score, typeof(long))!.Length;
        return total;
    }

    [Benchmark(Description = "HorreumSerializer decode, 5 fields")]
    public object? DecodeRecord()
    {
        _user.Name = (string)s_serializer.Decode(_stored[0], typeof(string), "k", "name")!;
        _user.Email = (string)s_serializer.Decode(_stored[1], typeof(string), "k", "email")!;
        _user.City = (string)s_serializer.Decode(_stored[2], typeof(string), "k", "city")!;
        _user.Note = (string)s_serializer.Decode(_stored[3], typeof(string), "k", "note")!;
        return s_serializer.Decode(_stored[4], typeof(long), "k", "score");
    }

    // The bulk pass's framing step (it then records offsets of the 10 elements, a loop over the same bytes).
    [Benchmark(Description = "RESP: frame a 5-field HGETALL reply")]
    public long RespFrameReply()
    {
        RespParser.TryFindEnd(_reply, out var length);
        return length;
    }

    [Benchmark(Description = "RESP: parse a 5-field HGETALL reply into objects")]
    public int RespParseReplyToObjects()
    {
        return RespParser.TryParse(_reply, out var value, out _) ? value!.Items!.Count : -1;
    }
}
