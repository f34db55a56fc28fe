using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Horreum.Migrations.Registry;

/// <summary>
/// The checkpoint journal's page entries: one hash field per page (<c>J:{unique}</c>) whose value lists the page's
/// changed records as <c>{fields}:{key length}:{key}</c>, back to back. One field per page instead of one per record
/// keeps the journal's cost to Redis small next to the data writes it guards. Keys may hold any bytes (the length
/// says where each ends). Older checkpoints with one <c>j:{key}</c> field per record are still read.
/// </summary>
internal static class JournalCodec
{
    public const string PageFieldPrefix = "J:";
    public const string RecordFieldPrefix = "j:";

    /// <summary>A field name no other page uses.</summary>
    public static string NewPageField() => PageFieldPrefix + Guid.NewGuid().ToString("N");

    /// <summary>Appends one record's entry.</summary>
    public static void Append(IBufferWriter<byte> output, ReadOnlySpan<byte> key, long fields)
    {
        var span = output.GetSpan(42 + key.Length);
        Utf8Formatter.TryFormat(fields, span, out var n);
        span[n++] = (byte)':';
        Utf8Formatter.TryFormat(key.Length, span[n..], out var m);
        n += m;
        span[n++] = (byte)':';
        key.CopyTo(span[n..]);
        output.Advance(n + key.Length);
    }

    /// <summary>Appends one record's entry from its text key, encoded straight into <paramref name="output"/>.</summary>
    public static void Append(IBufferWriter<byte> output, string key, long fields)
    {
        var length = Encoding.UTF8.GetByteCount(key);
        var span = output.GetSpan(42 + length);
        Utf8Formatter.TryFormat(fields, span, out var n);
        span[n++] = (byte)':';
        Utf8Formatter.TryFormat(length, span[n..], out var m);
        n += m;
        span[n++] = (byte)':';
        n += Encoding.UTF8.GetBytes(key, span[n..]);
        output.Advance(n);
    }

    /// <summary>A whole page's value from text keys.</summary>
    public static byte[] Encode(IEnumerable<KeyValuePair<string, long>> changes)
    {
        var output = new ArrayBufferWriter<byte>();
        foreach (var (key, fields) in changes)
        {
            Append(output, key, fields);
        }
        return output.WrittenSpan.ToArray();
    }

    /// <summary>Reads a page's value back; throws <see cref="FormatException"/> naming the position when it is malformed.</summary>
    public static IEnumerable<KeyValuePair<string, long>> Decode(byte[] value)
    {
        var list = new List<KeyValuePair<string, long>>();
        var position = 0;
        while (position < value.Length)
        {
            var fields = Number(value, ref position);
            var length = Number(value, ref position);
            if (length < 0 || position + length > value.Length)
            {
                throw new FormatException($"Journal entry at byte {position} claims a key of {length} bytes; the value has {value.Length - position} left.");
            }
            list.Add(new KeyValuePair<string, long>(Encoding.UTF8.GetString(value, position, (int)length), fields));
            position += (int)length;
        }
        return list;
    }

    private static long Number(byte[] value, ref int position)
    {
        if (!Utf8Parser.TryParse(value.AsSpan(position), out long number, out var consumed) || position + consumed >= value.Length || value[position + consumed] != (byte)':')
        {
            throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"Journal entry malformed at byte {position}: expected digits and ':'."));
        }
        position += consumed + 1;
        return number;
    }
}
