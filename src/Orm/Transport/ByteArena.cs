namespace Horreum.Orm.Transport;

/// <summary>
/// One growable, reused byte buffer that slices are copied into and read back from by offset: how a bulk pass keeps
/// a page's keys and values without an array per item. <see cref="Clear"/> keeps the capacity.
/// </summary>
internal sealed class ByteArena(int capacity)
{
    private byte[] _bytes = new byte[capacity];

    /// <summary>Bytes in use.</summary>
    public int Used { get; private set; }

    /// <summary>Copies <paramref name="bytes"/> in (growing by doubling) and returns where they start.</summary>
    public int Append(ReadOnlySpan<byte> bytes)
    {
        if (_bytes.Length - Used < bytes.Length)
        {
            Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, Used + bytes.Length));
        }
        var start = Used;
        bytes.CopyTo(_bytes.AsSpan(start));
        Used += bytes.Length;
        return start;
    }

    /// <summary>Copies the UTF-8 of <paramref name="text"/> in and returns where it starts; its length is in <paramref name="length"/>.</summary>
    public int AppendUtf8(string text, out int length)
    {
        var most = System.Text.Encoding.UTF8.GetMaxByteCount(text.Length);
        if (_bytes.Length - Used < most)
        {
            Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, Used + most));
        }
        var start = Used;
        length = System.Text.Encoding.UTF8.GetBytes(text, _bytes.AsSpan(start));
        Used += length;
        return start;
    }

    /// <summary>Every byte in use (what offsets returned by the appends point into).</summary>
    public ReadOnlySpan<byte> All => _bytes.AsSpan(0, Used);

    /// <summary>The bytes appended at <paramref name="start"/>.</summary>
    public ReadOnlySpan<byte> Slice(int start, int length) => _bytes.AsSpan(start, length);

    /// <summary>Forgets the contents; the capacity stays for the next page.</summary>
    public void Clear() => Used = 0;
}
