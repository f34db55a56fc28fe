using System.Buffers;
using System.Buffers.Text;

namespace Horreum.Orm.Transport;

/// <summary>
/// Turns a whole HGETALL reply (a flat array of bulk strings, in contiguous memory) into field offsets: the cheapest
/// decode there is, since the transform reads only the fields it needs.
/// </summary>
internal static class HashReplyDecoder
{
    /// <summary>
    /// Lays out one HGETALL reply: <paramref name="bytes"/> are the reply's bytes (copied into
    /// <paramref name="scratch"/> only when the reply spans two receive buffers, rather than parsed segment by
    /// segment) and <paramref name="fields"/> their name/value offsets. Returns the number of fields (0: no hash).
    /// </summary>
    public static int Decode(in RespReply reply, ref byte[] scratch, ref BulkField[] fields, out ReadOnlySpan<byte> bytes)
    {
        var raw = reply.Raw;
        if (raw.IsSingleSegment)
        {
            bytes = raw.FirstSpan;
        }
        else
        {
            if (scratch.Length < raw.Length)
            {
                scratch = new byte[Math.Max((int)raw.Length, scratch.Length * 2)];
            }
            raw.CopyTo(scratch);
            bytes = scratch.AsSpan(0, (int)raw.Length);
        }
        return Decode(bytes, ref fields);
    }

    /// <summary>Fills <paramref name="fields"/> (grown when short) and returns how many fields the hash has.</summary>
    /// <exception cref="RespProtocolException">The reply is not a flat array of bulk strings with an even count.</exception>
    public static int Decode(ReadOnlySpan<byte> reply, ref BulkField[] fields)
    {
        var position = 0;
        var items = ReadHeader(reply, ref position, (byte)'*');
        if (items <= 0)
        {
            return 0;
        }
        if ((items & 1) != 0)
        {
            throw new RespProtocolException($"An HGETALL reply has {items} elements, not name/value pairs.");
        }
        var count = items / 2;
        if (fields.Length < count)
        {
            fields = new BulkField[Math.Max(count, fields.Length * 2)];
        }
        for (var i = 0; i < count; i++)
        {
            var nameLength = ReadHeader(reply, ref position, (byte)'$');
            var nameStart = position;
            position += nameLength + 2;
            var valueLength = ReadHeader(reply, ref position, (byte)'$');
            var valueStart = position;
            position += valueLength + 2;
            fields[i] = new BulkField(nameStart, nameLength, valueStart, valueLength);
        }
        return count;
    }

    private static int ReadHeader(ReadOnlySpan<byte> reply, ref int position, byte expected)
    {
        if (reply[position] != expected)
        {
            throw new RespProtocolException($"Expected '{(char)expected}' in an HGETALL reply, got '{(char)reply[position]}'.");
        }
        var rest = reply[(position + 1)..];
        if (!Utf8Parser.TryParse(rest, out int value, out var consumed) || value < -1 || rest.Length < consumed + 2 || rest[consumed] != (byte)'\r')
        {
            throw new RespProtocolException("Malformed length in an HGETALL reply.");
        }
        position += consumed + 3;
        return value;
    }
}
