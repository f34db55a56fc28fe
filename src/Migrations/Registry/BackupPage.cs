using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Horreum.Migrations.Registry;

/// <summary>
/// One page's field backups as one element of the migration's backup log (<see cref="RegistryKeys.BackupLog"/>), so
/// a page costs the server one append however many fields it changes. Layout: the version byte <c>1</c>, then per
/// record <c>&lt;key length&gt;:&lt;key&gt;&lt;field count&gt;:</c>, then per field
/// <c>&lt;name length&gt;:&lt;name&gt;</c> and either <c>n</c> (the field did not exist) or
/// <c>v&lt;value length&gt;:&lt;value&gt;</c>. Lengths are decimal byte counts, so any bytes survive in keys, fields
/// and values. Reused across pages: <see cref="Reset"/> starts the next one.
/// </summary>
internal sealed class BackupPage
{
    private const byte Version = (byte)'1';
    private const byte Present = (byte)'v';
    private const byte Absent = (byte)'n';

    private readonly ArrayBufferWriter<byte> _buffer = new(4096);

    public BackupPage() => Reset();

    /// <summary>Fields added since <see cref="Reset"/>.</summary>
    public int Fields { get; private set; }

    /// <summary>The encoded page.</summary>
    public ReadOnlySpan<byte> Written => _buffer.WrittenSpan;

    /// <summary>Starts an empty page.</summary>
    public void Reset()
    {
        _buffer.ResetWrittenCount();
        _buffer.GetSpan(1)[0] = Version;
        _buffer.Advance(1);
        Fields = 0;
    }

    /// <summary>Starts a record whose <paramref name="fields"/> backups follow.</summary>
    public void BeginRecord(ReadOnlySpan<byte> key, int fields)
    {
        WriteCounted(key);
        WriteNumber(fields);
    }

    /// <summary>As <see cref="BeginRecord(ReadOnlySpan{byte}, int)"/>, from text.</summary>
    public void BeginRecord(string key, int fields)
    {
        WriteCounted(key);
        WriteNumber(fields);
    }

    /// <summary>A field of the record begun, with its old value; <paramref name="present"/> false: it did not exist.</summary>
    public void Field(ReadOnlySpan<byte> name, ReadOnlySpan<byte> old, bool present)
    {
        WriteCounted(name);
        if (present)
        {
            WriteByte(Present);
            WriteCounted(old);
        }
        else
        {
            WriteByte(Absent);
        }
        Fields++;
    }

    /// <summary>As <see cref="Field(ReadOnlySpan{byte}, ReadOnlySpan{byte}, bool)"/>, from text; null: it did not exist.</summary>
    public void Field(string name, string? old)
    {
        WriteCounted(name);
        if (old is null)
        {
            WriteByte(Absent);
        }
        else
        {
            WriteByte(Present);
            WriteCounted(old);
        }
        Fields++;
    }

    /// <summary>Reads one log element back, in the order written.</summary>
    /// <exception cref="FormatException">The element is not a backup page (names <paramref name="logKey"/>).</exception>
    public static List<FieldBackup> Decode(ReadOnlySpan<byte> page, string logKey)
    {
        if (page.IsEmpty || page[0] != Version)
        {
            throw Malformed(logKey, 0);
        }
        var backups = new List<FieldBackup>();
        var at = 1;
        while (at < page.Length)
        {
            var key = ReadCounted(page, ref at, logKey);
            var fields = ReadNumber(page, ref at, logKey);
            for (var i = 0; i < fields; i++)
            {
                var name = ReadCounted(page, ref at, logKey);
                var marker = at < page.Length ? page[at++] : (byte)0;
                var old = marker switch
                {
                    Absent => null,
                    Present => ReadCounted(page, ref at, logKey),
                    _ => throw Malformed(logKey, at - 1),
                };
                backups.Add(new FieldBackup(key, name, old));
            }
        }
        return backups;
    }

    private static string ReadCounted(ReadOnlySpan<byte> page, ref int at, string logKey)
    {
        var length = ReadNumber(page, ref at, logKey);
        if (length > page.Length - at)
        {
            throw Malformed(logKey, at);
        }
        var text = Encoding.UTF8.GetString(page.Slice(at, length));
        at += length;
        return text;
    }

    private static int ReadNumber(ReadOnlySpan<byte> page, ref int at, string logKey)
    {
        var colon = page[at..].IndexOf((byte)':');
        if (colon <= 0 || !int.TryParse(page.Slice(at, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            throw Malformed(logKey, at);
        }
        at += colon + 1;
        return number;
    }

    private static FormatException Malformed(string logKey, int offset) =>
        new($"The backup log '{logKey}' holds an entry that is not a Horreum backup page (at byte {offset}); it was not written by Horreum.");

    private void WriteCounted(ReadOnlySpan<byte> bytes)
    {
        WriteNumber(bytes.Length);
        bytes.CopyTo(_buffer.GetSpan(bytes.Length));
        _buffer.Advance(bytes.Length);
    }

    private void WriteCounted(string text)
    {
        var length = Encoding.UTF8.GetByteCount(text);
        WriteNumber(length);
        _buffer.Advance(Encoding.UTF8.GetBytes(text, _buffer.GetSpan(length)));
    }

    private void WriteNumber(int number)
    {
        var span = _buffer.GetSpan(12);
        Utf8Formatter.TryFormat(number, span, out var digits);
        span[digits] = (byte)':';
        _buffer.Advance(digits + 1);
    }

    private void WriteByte(byte value)
    {
        _buffer.GetSpan(1)[0] = value;
        _buffer.Advance(1);
    }
}
