namespace Horreum.Orm.Transport;

internal sealed partial class RespConnection
{
    /// <summary>
    /// The commands whose replies are still to come, oldest first, with their keys: only read when a reply is an
    /// error, but kept so the error can name the record. Keys given as bytes are copied into a FIFO byte ring (no
    /// allocation per command); the ring grows when a window of in-flight commands outgrows it.
    /// </summary>
    private sealed class PendingQueue
    {
        private Entry[] _entries = new Entry[512];
        private int _head;
        private byte[] _keys = new byte[16 * 1024];
        private int _keyHead;
        private int _keyTail;

        public int Count { get; private set; }

        public void Enqueue(string command)
        {
            if (Count == _entries.Length)
            {
                var bigger = new Entry[_entries.Length * 2];
                for (var i = 0; i < Count; i++)
                {
                    bigger[i] = _entries[(_head + i) % _entries.Length];
                }
                _entries = bigger;
                _head = 0;
            }
            _entries[(_head + Count) % _entries.Length] = new Entry(command, null, 0, -1);
            Count++;
        }

        public void SetLastKey(string key)
        {
            ref var last = ref _entries[(_head + Count - 1) % _entries.Length];
            last = last with { KeyText = key };
        }

        public void SetLastKey(ReadOnlySpan<byte> key)
        {
            var start = Reserve(key.Length);
            key.CopyTo(_keys.AsSpan(start));
            ref var last = ref _entries[(_head + Count - 1) % _entries.Length];
            last = last with { KeyStart = start, KeyLength = key.Length };
        }

        /// <summary>Takes the oldest entry; <paramref name="key"/> stays valid until <see cref="Release"/>.</summary>
        public Entry Dequeue(out ReadOnlySpan<byte> key)
        {
            var entry = _entries[_head];
            _entries[_head] = default;
            _head = (_head + 1) % _entries.Length;
            Count--;
            key = entry.KeyLength > 0 ? _keys.AsSpan(entry.KeyStart, entry.KeyLength) : default;
            return entry;
        }

        public void Release(in Entry entry)
        {
            if (entry.KeyLength >= 0)
            {
                _keyHead = entry.KeyStart + entry.KeyLength;
            }
            if (Count == 0)
            {
                _keyHead = 0;
                _keyTail = 0;
            }
        }

        private int Reserve(int length)
        {
            int start;
            if (_keyTail >= _keyHead)
            {
                if (_keys.Length - _keyTail >= length)
                {
                    start = _keyTail;
                    _keyTail += length;
                    return start;
                }
                // Wrap to the front, leaving a gap so that head == tail never means "full".
                if (_keyHead > length)
                {
                    _keyTail = length;
                    return 0;
                }
            }
            else if (_keyHead - _keyTail > length)
            {
                start = _keyTail;
                _keyTail += length;
                return start;
            }
            Grow(length);
            start = _keyTail;
            _keyTail += length;
            return start;
        }

        // Copies the live keys, oldest first, to the front of a bigger array.
        private void Grow(int length)
        {
            var bigger = new byte[Math.Max(_keys.Length * 2, _keys.Length + (length * 2))];
            var position = 0;
            for (var i = 0; i < Count; i++)
            {
                ref var entry = ref _entries[(_head + i) % _entries.Length];
                if (entry.KeyLength < 0)
                {
                    continue;
                }
                _keys.AsSpan(entry.KeyStart, entry.KeyLength).CopyTo(bigger.AsSpan(position));
                entry = entry with { KeyStart = position };
                position += entry.KeyLength;
            }
            _keys = bigger;
            _keyHead = 0;
            _keyTail = position;
        }
    }

    /// <summary>A command awaiting its reply: its name and its key (as text, or as a slice of the key ring).</summary>
    private readonly record struct Entry(string Command, string? KeyText, int KeyStart, int KeyLength);
}
