namespace Horreum.Orm.Tests.Transport;

/// <summary>
/// A fake server: hands out its reply bytes <paramref name="chunk"/> bytes per read (one by default: the worst a socket
/// can do) and records writes. With <paramref name="failPastEnd"/>, a read after the last byte throws instead of
/// reporting end of stream: a reader that asks for bytes it already has is caught.
/// </summary>
internal sealed class TrickleStream(byte[] replies, int chunk = 1, bool failPastEnd = false) : Stream
{
    private int _position;

    public MemoryStream Written { get; } = new();

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_position >= replies.Length && failPastEnd)
        {
            throw new IOException("Read past the fake server's replies: the reader waited for bytes it already had.");
        }
        var n = Math.Min(Math.Min(chunk, buffer.Length), replies.Length - _position);
        replies.AsSpan(_position, n).CopyTo(buffer);
        _position += n;
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer, offset, count));

    public override void Write(byte[] buffer, int offset, int count) => Written.Write(buffer, offset, count);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Written.Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
