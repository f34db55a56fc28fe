namespace Horreum.Orm.Transport;

/// <summary>
/// One SCAN page: the cursor to continue from and the keys, as bytes in one reused arena. A pass keeps two (the page
/// being processed and the one being read), so memory does not grow with the keyspace.
/// </summary>
internal sealed class KeyPage
{
    private readonly ByteArena _arena = new(16 * 1024);
    private (int Start, int Length)[] _keys = new (int, int)[256];
    private byte[] _cursor = new byte[24];
    private int _cursorLength;

    public int Count { get; private set; }

    /// <summary>Whether SCAN said this was the last page (cursor 0).</summary>
    public bool IsLast => _cursorLength == 1 && _cursor[0] == (byte)'0';

    public ReadOnlySpan<byte> Cursor => _cursor.AsSpan(0, _cursorLength);

    public ReadOnlySpan<byte> Key(int index) => _arena.Slice(_keys[index].Start, _keys[index].Length);

    public void Clear()
    {
        Count = 0;
        _arena.Clear();
        _cursorLength = 0;
    }

    public void SetCursor(ReadOnlySpan<byte> cursor)
    {
        if (_cursor.Length < cursor.Length)
        {
            _cursor = new byte[cursor.Length];
        }
        cursor.CopyTo(_cursor);
        _cursorLength = cursor.Length;
    }

    public void Add(ReadOnlySpan<byte> key)
    {
        if (Count == _keys.Length)
        {
            Array.Resize(ref _keys, _keys.Length * 2);
        }
        _keys[Count++] = (_arena.Append(key), key.Length);
    }
}
