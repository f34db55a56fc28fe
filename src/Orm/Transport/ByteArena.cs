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

    /// <summary>The bytes appended at <paramref name="start"/>.</summary>
    public ReadOnlySpan<byte> Slice(int start, int length) => _bytes.AsSpan(start, length);

    /// <summary>Forgets the contents; the capacity stays for the next page.</summary>
    public void Clear() => Used = 0;
}
