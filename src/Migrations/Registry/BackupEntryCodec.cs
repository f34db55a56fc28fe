using System.Globalization;
using System.Text;
using StackExchange.Redis;

namespace Horreum.Migrations.Registry;

/// <summary>
/// Encoding of field backups, shared with the <c>backup_and_modify_field</c> script.
/// Entry name: <c>&lt;byte length of key&gt;:&lt;key&gt;&lt;field&gt;</c>; the length prefix makes the split exact
/// whatever ':' '{' '}' the key and field contain. Entry value: <c>v</c> + old value, or <c>n</c> for a field
/// that did not exist, so an empty string and an absent field stay distinct.
/// </summary>
internal static class BackupEntryCodec
{
    private const byte Present = (byte)'v';
    private const byte Absent = (byte)'n';

    public static RedisValue EncodeName(string key, string field)
    {
        var keyBytes = Encoding.UTF8.GetBytes(key);
        var head = Encoding.ASCII.GetBytes(keyBytes.Length.ToString(CultureInfo.InvariantCulture) + ":");
        var fieldBytes = Encoding.UTF8.GetBytes(field);
        var name = new byte[head.Length + keyBytes.Length + fieldBytes.Length];
        head.CopyTo(name, 0);
        keyBytes.CopyTo(name, head.Length);
        fieldBytes.CopyTo(name, head.Length + keyBytes.Length);
        return name;
    }

    /// <summary>As <see cref="EncodeName"/>, into <paramref name="destination"/> from UTF-8 bytes; returns the length written.</summary>
    public static int WriteName(Span<byte> destination, ReadOnlySpan<byte> key, ReadOnlySpan<byte> field)
    {
        System.Buffers.Text.Utf8Formatter.TryFormat(key.Length, destination, out var digits);
        destination[digits] = (byte)':';
        key.CopyTo(destination[(digits + 1)..]);
        field.CopyTo(destination[(digits + 1 + key.Length)..]);
        return digits + 1 + key.Length + field.Length;
    }

    /// <summary>As <see cref="EncodeValue"/>, into <paramref name="destination"/>; <paramref name="present"/> false means the field was absent.</summary>
    public static int WriteValue(Span<byte> destination, ReadOnlySpan<byte> oldValue, bool present)
    {
        if (!present)
        {
            destination[0] = Absent;
            return 1;
        }
        destination[0] = Present;
        oldValue.CopyTo(destination[1..]);
        return 1 + oldValue.Length;
    }

    /// <summary>
    /// A buffer for a page's backup entries, encoded from text without an array per entry: a record's
    /// <c>&lt;length&gt;:&lt;key&gt;</c> once, then each field's name and value after it in turn (each read by the
    /// caller before the next is made). Starts on the caller's stack memory; rents when an entry is bigger.
    /// </summary>
    public ref struct Scratch(Span<byte> initial)
    {
        private Span<byte> _buffer = initial;
        private byte[]? _rented;

        /// <summary>Writes the record's head; returns its length, to hand to <see cref="Name"/> and <see cref="Value"/>.</summary>
        public int BeginRecord(string key)
        {
            var length = Encoding.UTF8.GetByteCount(key);
            Ensure(0, 11 + length);
            System.Buffers.Text.Utf8Formatter.TryFormat(length, _buffer, out var digits);
            _buffer[digits] = (byte)':';
            return digits + 1 + Encoding.UTF8.GetBytes(key, _buffer[(digits + 1)..]);
        }

        /// <summary>The entry name of <paramref name="field"/> of the record begun.</summary>
        public ReadOnlySpan<byte> Name(int head, string field)
        {
            var length = Encoding.UTF8.GetByteCount(field);
            Ensure(head, head + length);
            Encoding.UTF8.GetBytes(field, _buffer[head..]);
            return _buffer[..(head + length)];
        }

        /// <summary>The entry value for <paramref name="oldValue"/> (made after the record's head, which it keeps).</summary>
        public ReadOnlySpan<byte> Value(int head, string? oldValue)
        {
            if (oldValue is null)
            {
                Ensure(head, head + 1);
                _buffer[head] = Absent;
                return _buffer.Slice(head, 1);
            }
            var length = Encoding.UTF8.GetByteCount(oldValue);
            Ensure(head, head + 1 + length);
            _buffer[head] = Present;
            Encoding.UTF8.GetBytes(oldValue, _buffer[(head + 1)..]);
            return _buffer.Slice(head, 1 + length);
        }

        /// <summary>Returns a rented buffer.</summary>
        public void Dispose()
        {
            if (_rented is not null)
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(_rented);
                _rented = null;
            }
        }

        // Grows to hold `needed` bytes, keeping the first `keep`.
        private void Ensure(int keep, int needed)
        {
            if (needed <= _buffer.Length)
            {
                return;
            }
            var bigger = System.Buffers.ArrayPool<byte>.Shared.Rent(Math.Max(needed, _buffer.Length * 2));
            _buffer[..keep].CopyTo(bigger);
            Dispose();
            _rented = bigger;
            _buffer = bigger;
        }
    }

    public static RedisValue EncodeValue(string? oldValue) =>
        oldValue is null ? new[] { Absent } : [Present, .. Encoding.UTF8.GetBytes(oldValue)];

    public static FieldBackup Decode(RedisValue name, RedisValue value)
    {
        var nameBytes = (byte[]?)name ?? [];
        var colon = Array.IndexOf(nameBytes, (byte)':');
        if (colon <= 0
            || !int.TryParse(nameBytes.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var keyLength)
            || keyLength > nameBytes.Length - colon - 1)
        {
            throw new FormatException($"Backup entry name '{(string?)name}' is not <length>:<key><field>; the backup was not written by Horreum.");
        }
        var key = Encoding.UTF8.GetString(nameBytes, colon + 1, keyLength);
        var field = Encoding.UTF8.GetString(nameBytes, colon + 1 + keyLength, nameBytes.Length - colon - 1 - keyLength);
        var valueBytes = (byte[]?)value ?? [];
        return valueBytes switch
        {
            [Absent] => new FieldBackup(key, field, null),
            [Present, ..] => new FieldBackup(key, field, Encoding.UTF8.GetString(valueBytes, 1, valueBytes.Length - 1)),
            _ => throw new FormatException($"Backup value for key '{key}' field '{field}' must start with 'v' or be 'n'."),
        };
    }
}
