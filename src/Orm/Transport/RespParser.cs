using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace Horreum.Orm.Transport;

/// <summary>
/// Incremental RESP2 parsing over a <see cref="ReadOnlySequence{T}"/>: a reply cut at any byte boundary is reported
/// as incomplete (never as an error and never half-consumed), so a receive loop can wait for more bytes and retry.
/// </summary>
internal static class RespParser
{
    /// <summary>Arrays nested deeper than this are rejected: no real reply needs it, and it bounds the stack.</summary>
    public const int MaxDepth = 64;

    private static ReadOnlySpan<byte> Crlf => "\r\n"u8;

    /// <summary>
    /// Finds the end of the first reply in <paramref name="buffer"/>.
    /// </summary>
    /// <param name="buffer">Received bytes, starting at a reply.</param>
    /// <param name="length">The byte length of the first whole reply.</param>
    /// <returns>False when the buffer holds only part of a reply.</returns>
    /// <exception cref="RespProtocolException">The bytes are not RESP2.</exception>
    public static bool TryFindEnd(in ReadOnlySequence<byte> buffer, out long length)
    {
        // Most replies sit whole in the first receive buffer: walk it as a span (lengths parsed in place, no CRLF
        // search inside bulk strings). Anything else (a reply crossing buffers, bytes that are not RESP) takes the
        // sequence walk below, which also words the errors.
        var position = 0;
        var span = SkipSpan(buffer.FirstSpan, ref position, 0);
        if (span == SpanWalk.Whole)
        {
            length = position;
            return true;
        }
        if (span == SpanWalk.Short && buffer.IsSingleSegment)
        {
            length = 0;
            return false;
        }
        var reader = new SequenceReader<byte>(buffer);
        if (TrySkip(ref reader, 0))
        {
            length = reader.Consumed;
            return true;
        }
        length = 0;
        return false;
    }

    /// <summary>Parses the first whole reply into objects.</summary>
    /// <param name="buffer">Received bytes, starting at a reply.</param>
    /// <param name="value">The reply, or null when incomplete.</param>
    /// <param name="length">The byte length of the reply.</param>
    /// <returns>False when the buffer holds only part of a reply.</returns>
    /// <exception cref="RespProtocolException">The bytes are not RESP2.</exception>
    public static bool TryParse(in ReadOnlySequence<byte> buffer, out RespValue? value, out long length)
    {
        if (!TryFindEnd(buffer, out length))
        {
            value = null;
            return false;
        }
        var reader = new SequenceReader<byte>(buffer.Slice(0, length));
        value = Build(ref reader);
        return true;
    }

    /// <summary>Parses exactly one whole reply from contiguous bytes (for tests and tools).</summary>
    /// <exception cref="RespProtocolException">The bytes are not exactly one whole RESP2 reply.</exception>
    public static RespValue Parse(ReadOnlyMemory<byte> bytes)
    {
        var sequence = new ReadOnlySequence<byte>(bytes);
        if (!TryParse(sequence, out var value, out var length) || length != bytes.Length)
        {
            throw new RespProtocolException($"Expected exactly one whole RESP reply in {bytes.Length} bytes.");
        }
        return value!;
    }

    private enum SpanWalk
    {
        /// <summary>A whole reply was skipped.</summary>
        Whole,

        /// <summary>The span ends inside the reply.</summary>
        Short,

        /// <summary>Bytes the span walk does not judge (malformed, or too deep): the sequence walk decides.</summary>
        Unsure,
    }

    private static SpanWalk SkipSpan(ReadOnlySpan<byte> span, ref int position, int depth)
    {
        if (position >= span.Length)
        {
            return SpanWalk.Short;
        }
        var prefix = span[position];
        if (prefix is (byte)'+' or (byte)'-')
        {
            var end = span[(position + 1)..].IndexOf(Crlf);
            if (end < 0)
            {
                return SpanWalk.Short;
            }
            position += end + 3;
            return SpanWalk.Whole;
        }
        if (prefix is not ((byte)'$' or (byte)'*' or (byte)':'))
        {
            return SpanWalk.Unsure;
        }
        // The number, then CRLF right after it.
        var digits = span[(position + 1)..];
        if (!Utf8Parser.TryParse(digits, out long n, out var consumed))
        {
            return digits.IsEmpty || (digits.Length == 1 && digits[0] == (byte)'-') ? SpanWalk.Short : SpanWalk.Unsure;
        }
        if (digits.Length < consumed + 2)
        {
            // The digits may go on, or the CRLF is still to come.
            return digits.Length == consumed || digits[consumed] == (byte)'\r' ? SpanWalk.Short : SpanWalk.Unsure;
        }
        if (digits[consumed] != (byte)'\r' || digits[consumed + 1] != (byte)'\n')
        {
            return SpanWalk.Unsure;
        }
        position += consumed + 3;
        if (prefix == (byte)':' || n == -1)
        {
            return SpanWalk.Whole;
        }
        if (n < -1 || n > int.MaxValue - 2)
        {
            return SpanWalk.Unsure;
        }
        if (prefix == (byte)'$')
        {
            if (span.Length - position < n + 2)
            {
                return SpanWalk.Short;
            }
            position += (int)n;
            if (span[position] != (byte)'\r' || span[position + 1] != (byte)'\n')
            {
                return SpanWalk.Unsure;
            }
            position += 2;
            return SpanWalk.Whole;
        }
        if (n > 0 && depth >= MaxDepth)
        {
            return SpanWalk.Unsure;
        }
        for (long i = 0; i < n; i++)
        {
            var item = SkipSpan(span, ref position, depth + 1);
            if (item != SpanWalk.Whole)
            {
                return item;
            }
        }
        return SpanWalk.Whole;
    }

    internal static bool TrySkip(ref SequenceReader<byte> reader, int depth)
    {
        if (!reader.TryRead(out var prefix))
        {
            return false;
        }
        if (!reader.TryReadTo(out ReadOnlySpan<byte> line, Crlf, advancePastDelimiter: true))
        {
            return false;
        }
        switch (prefix)
        {
            case (byte)'+':
            case (byte)'-':
                return true;
            case (byte)':':
                ParseNumber(line, prefix);
                return true;
            case (byte)'$':
                {
                    var n = ParseLength(line, prefix);
                    if (n < 0)
                    {
                        return true;
                    }
                    if (reader.Remaining < n + 2)
                    {
                        return false;
                    }
                    reader.Advance(n);
                    if (!reader.IsNext(Crlf, advancePast: true))
                    {
                        throw new RespProtocolException($"A bulk string of {n} bytes is not followed by CRLF.");
                    }
                    return true;
                }
            case (byte)'*':
                {
                    var n = ParseLength(line, prefix);
                    if (n > 0 && depth >= MaxDepth)
                    {
                        throw new RespProtocolException($"Arrays nested deeper than {MaxDepth} levels.");
                    }
                    for (long i = 0; i < n; i++)
                    {
                        if (!TrySkip(ref reader, depth + 1))
                        {
                            return false;
                        }
                    }
                    return true;
                }
            default:
                throw new RespProtocolException($"Unexpected RESP type byte 0x{prefix:X2} ('{(char)prefix}'): the stream is out of sync or not RESP2.");
        }
    }

    // Only called on a slice already known to hold whole replies.
    internal static RespValue Build(ref SequenceReader<byte> reader)
    {
        reader.TryRead(out var prefix);
        reader.TryReadTo(out ReadOnlySpan<byte> line, Crlf, advancePastDelimiter: true);
        switch (prefix)
        {
            case (byte)'+':
                return RespValue.SimpleString(Encoding.UTF8.GetString(line));
            case (byte)'-':
                return RespValue.Error(Encoding.UTF8.GetString(line));
            case (byte)':':
                return RespValue.FromInteger(ParseNumber(line, prefix));
            case (byte)'$':
                {
                    var n = ParseLength(line, prefix);
                    if (n < 0)
                    {
                        return RespValue.Bulk((byte[]?)null);
                    }
                    var payload = reader.UnreadSequence.Slice(0, n).ToArray();
                    reader.Advance(n + 2);
                    return RespValue.Bulk(payload);
                }
            default:
                {
                    var n = ParseLength(line, prefix);
                    if (n < 0)
                    {
                        return RespValue.FromArray(null);
                    }
                    var items = new RespValue[n];
                    for (var i = 0; i < n; i++)
                    {
                        items[i] = Build(ref reader);
                    }
                    return RespValue.FromArray(items);
                }
        }
    }

    internal static long ParseNumber(ReadOnlySpan<byte> line, byte prefix)
    {
        if (!Utf8Parser.TryParse(line, out long value, out var consumed) || consumed != line.Length)
        {
            throw new RespProtocolException($"'{(char)prefix}' must be followed by a decimal integer, got '{Encoding.ASCII.GetString(line)}'.");
        }
        return value;
    }

    internal static int ParseLength(ReadOnlySpan<byte> line, byte prefix)
    {
        var n = ParseNumber(line, prefix);
        if (n < -1 || n > int.MaxValue - 2)
        {
            throw new RespProtocolException($"'{(char)prefix}{n}' is not a valid RESP length.");
        }
        return (int)n;
    }
}
