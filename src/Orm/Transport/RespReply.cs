using System.Buffers;
using System.Text;

namespace Horreum.Orm.Transport;

/// <summary>
/// A view of one whole reply inside the receive buffer: valid only during the callback that receives it (the
/// buffer is reused afterwards). Reading it allocates nothing unless a string or <see cref="RespValue"/> is asked for.
/// </summary>
internal readonly struct RespReply
{
    internal RespReply(ReadOnlySequence<byte> raw) => Raw = raw;

    /// <summary>The reply's bytes, type byte and final CRLF included.</summary>
    public ReadOnlySequence<byte> Raw { get; }

    /// <summary>The reply type.</summary>
    public RespKind Kind => (RespKind)Raw.FirstSpan[0];

    /// <summary>Whether this is the null bulk string (<c>$-1</c>) or the null array (<c>*-1</c>).</summary>
    public bool IsNull
    {
        get
        {
            var head = Raw.FirstSpan;
            return head.Length >= 2 && head[1] == (byte)'-' && (head[0] == (byte)'$' || head[0] == (byte)'*');
        }
    }

    /// <summary>The payload of a simple string, error or bulk string (empty for a null bulk string).</summary>
    public ReadOnlySequence<byte> GetPayload()
    {
        var reader = new SequenceReader<byte>(Raw);
        reader.Advance(1);
        reader.TryReadTo(out ReadOnlySequence<byte> line, "\r\n"u8, advancePastDelimiter: true);
        if (Kind != RespKind.BulkString)
        {
            return line;
        }
        var n = RespParser.ParseLength(line.IsSingleSegment ? line.FirstSpan : line.ToArray(), (byte)'$');
        return n < 0 ? ReadOnlySequence<byte>.Empty : reader.UnreadSequence.Slice(0, n);
    }

    /// <summary>The payload as UTF-8 text; null for a null bulk string or array.</summary>
    public string? GetString() => IsNull || Kind == RespKind.Array ? null : Encoding.UTF8.GetString(GetPayload());

    /// <summary>The value of an integer reply, or the digits of a bulk or simple string.</summary>
    /// <exception cref="RespProtocolException">The reply is not a decimal integer.</exception>
    public long GetInteger()
    {
        var payload = GetPayload();
        return RespParser.ParseNumber(payload.IsSingleSegment ? payload.FirstSpan : payload.ToArray(), (byte)Kind);
    }

    /// <summary>The elements of an array reply, read one at a time.</summary>
    /// <exception cref="InvalidOperationException">The reply is not an array.</exception>
    public RespArrayReader GetArray()
    {
        if (Kind != RespKind.Array)
        {
            throw new InvalidOperationException($"The reply is {Kind}, not an array.");
        }
        return new RespArrayReader(Raw);
    }

    /// <summary>The reply as objects (allocates).</summary>
    public RespValue ToValue()
    {
        var reader = new SequenceReader<byte>(Raw);
        return RespParser.Build(ref reader);
    }
}
