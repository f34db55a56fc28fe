using System.Buffers;
using FsCheck;
using FsCheck.Fluent;
using Horreum.Orm.Transport;

namespace Horreum.Orm.Tests.Transport;

/// <summary>Properties of the RESP2 encoder and the incremental parser (CPU only, no server).</summary>
public sealed class RespCodecPropertyTests
{
    [Fact]
    public void Encode_any_command_parses_back_to_the_same_parts()
    {
        Prop.ForAll(RespGenerators.Commands(), c =>
        {
            var buffer = new ArrayBufferWriter<byte>();
            RespEncoder.WriteArrayHeader(buffer, c.Arguments.Length + 1);
            RespEncoder.WriteBulkString(buffer, c.Command);
            foreach (var argument in c.Arguments)
            {
                RespEncoder.WriteBulkString(buffer, argument);
            }
            var parsed = RespParser.Parse(buffer.WrittenMemory);
            var expected = RespValue.FromArray([RespValue.Bulk(c.Command), .. c.Arguments.Select(RespValue.Bulk)]);
            return parsed.Equals(expected);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Parse_any_reply_whole_gives_the_value_and_its_exact_length()
    {
        Prop.ForAll(RespGenerators.Replies(), value =>
        {
            var bytes = RespGenerators.Encode(value);
            return RespParser.TryParse(new ReadOnlySequence<byte>(bytes), out var parsed, out var length)
                && length == bytes.Length
                && value.Equals(parsed);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Parse_reply_cut_at_every_byte_is_incomplete_never_an_error()
    {
        Prop.ForAll(RespGenerators.Replies(), value =>
        {
            var bytes = RespGenerators.Encode(value);
            for (var cut = 0; cut < bytes.Length; cut++)
            {
                if (RespParser.TryFindEnd(new ReadOnlySequence<byte>(bytes, 0, cut), out _))
                {
                    return false;
                }
            }
            return true;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Parse_reply_split_into_segments_at_every_byte_parses_the_same_as_whole()
    {
        Prop.ForAll(RespGenerators.Replies(), value =>
        {
            var bytes = RespGenerators.Encode(value);
            for (var cut = 1; cut < bytes.Length; cut++)
            {
                // Two segments at every cut, and three with a second cut in the middle of the rest.
                foreach (var sequence in new[] { Segments.Split(bytes, cut), Segments.Split(bytes, cut, cut + ((bytes.Length - cut) / 2)) })
                {
                    if (!RespParser.TryParse(sequence, out var parsed, out var length) || length != bytes.Length || !value.Equals(parsed))
                    {
                        return false;
                    }
                }
            }
            return true;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Parse_back_to_back_replies_reads_each_in_turn()
    {
        Prop.ForAll(RespGenerators.Replies().Generator.ListOf().ToArbitrary(), values =>
        {
            var bytes = values.SelectMany(RespGenerators.Encode).ToArray();
            var sequence = Segments.Split(bytes, bytes.Length / 3, 2 * bytes.Length / 3);
            foreach (var value in values)
            {
                if (!RespParser.TryParse(sequence, out var parsed, out var length) || !value.Equals(parsed))
                {
                    return false;
                }
                sequence = sequence.Slice(length);
            }
            return sequence.IsEmpty;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Reply_view_reads_the_same_as_the_object_parse()
    {
        Prop.ForAll(RespGenerators.Payloads().ArrayOf().ToArbitrary(), payloads =>
        {
            var value = RespValue.FromArray(payloads.Select(RespValue.Bulk).ToArray());
            var bytes = RespGenerators.Encode(value);
            var reply = new RespReply(Segments.Split(bytes, bytes.Length / 2));
            var array = reply.GetArray();
            var i = 0;
            while (array.TryReadNext(out var item))
            {
                if (!item.GetPayload().ToArray().AsSpan().SequenceEqual(payloads[i++]))
                {
                    return false;
                }
            }
            return i == payloads.Length && array.Count == payloads.Length;
        }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData("?3\r\n")]
    [InlineData(":12x\r\n")]
    [InlineData("$-2\r\n")]
    [InlineData("$3\r\nabcde\r\n")]
    public void Parse_malformed_bytes_throws_protocol_exception(string text)
    {
        var bytes = System.Text.Encoding.ASCII.GetBytes(text);
        Assert.Throws<RespProtocolException>(() => RespParser.TryFindEnd(new ReadOnlySequence<byte>(bytes), out _));
    }

    [Fact]
    public void Parse_arrays_nested_past_the_limit_throws_instead_of_overflowing()
    {
        var bytes = System.Text.Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("*1\r\n", RespParser.MaxDepth + 2)) + ":1\r\n");
        Assert.Throws<RespProtocolException>(() => RespParser.TryFindEnd(new ReadOnlySequence<byte>(bytes), out _));
    }
}
