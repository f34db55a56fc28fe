using System.Buffers;

namespace Horreum.Orm.Transport;

/// <summary>Reads the elements of an array reply as <see cref="RespReply"/> views, without copying.</summary>
internal ref struct RespArrayReader
{
    private SequenceReader<byte> _reader;
    private int _left;

    internal RespArrayReader(ReadOnlySequence<byte> raw)
    {
        _reader = new SequenceReader<byte>(raw);
        _reader.Advance(1);
        _reader.TryReadTo(out ReadOnlySpan<byte> line, "\r\n"u8, advancePastDelimiter: true);
        Count = RespParser.ParseLength(line, (byte)'*');
        _left = Math.Max(Count, 0);
    }

    /// <summary>The number of elements; -1 for the null array.</summary>
    public int Count { get; }

    /// <summary>Reads the next element; false after the last.</summary>
    public bool TryReadNext(out RespReply item)
    {
        if (_left == 0)
        {
            item = default;
            return false;
        }
        var start = _reader.Position;
        RespParser.TrySkip(ref _reader, 1);
        item = new RespReply(_reader.Sequence.Slice(start, _reader.Position));
        _left--;
        return true;
    }
}
