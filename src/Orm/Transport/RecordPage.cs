using System.Text;
using StackExchange.Redis;

namespace Horreum.Orm.Transport;

/// <summary>
/// One page of hashes as a reader hands them over: each record's key and its fields' names and values as offsets
/// into one buffer the page owns (no string per value). The bytes are valid until the page is read into again;
/// field names are also kept as strings, decoded once per reader (<see cref="FieldNameTable"/>). Keys whose read
/// Redis refused (a key of another type) are listed apart, with the error. Each record keeps its key's position among
/// the keys the read asked for, so a reader of given keys (load-many) can put it back in its place; absent hashes add
/// nothing.
/// </summary>
internal sealed class RecordPage
{
    private readonly ByteArena _bytes = new(64 * 1024);
    private (int KeyStart, int KeyLength, int FirstField, int FieldCount, int Position)[] _records = new (int, int, int, int, int)[256];
    private BulkField[] _fields = new BulkField[1024];
    private string[] _names = new string[1024];
    private int _fieldCount;
    private List<(string Key, RedisReplyException Error)>? _errors;
    private BulkField[] _replyFields = new BulkField[16];
    private byte[] _scratch = new byte[4096];

    /// <summary>Records in the page.</summary>
    public int Count { get; private set; }

    /// <summary>The scan cursor after this page (<c>"0"</c>: the scan is complete).</summary>
    public string Cursor { get; set; } = "0";

    /// <summary>
    /// For a reader of given keys: which of them this page read (their start among the reader's keys, how many) and
    /// when their commands went out (a <see cref="System.Diagnostics.Stopwatch"/> timestamp). Default for a scan.
    /// </summary>
    public KeyWindow Window { get; set; }

    /// <summary>Keys whose read failed, with Redis's error (in the order they were asked for).</summary>
    public IReadOnlyList<(string Key, RedisReplyException Error)> Errors => (IReadOnlyList<(string, RedisReplyException)>?)_errors ?? [];

    /// <summary>Empties the page for the next read (the buffers stay).</summary>
    public void Clear()
    {
        Count = 0;
        _fieldCount = 0;
        Window = default;
        _bytes.Clear();
        _errors?.Clear();
    }

    /// <summary>The key of record <paramref name="record"/> (UTF-8).</summary>
    public ReadOnlySpan<byte> Key(int record) => _bytes.Slice(_records[record].KeyStart, _records[record].KeyLength);

    /// <summary>The key of record <paramref name="record"/> as a string.</summary>
    public string KeyString(int record) => Encoding.UTF8.GetString(Key(record));

    /// <summary>
    /// The position of record <paramref name="record"/>'s key among the keys its read asked for: in the
    /// <see cref="Window"/> for given keys, in the SCAN step for a scan.
    /// </summary>
    public int Position(int record) => _records[record].Position;

    /// <summary>The number of fields of record <paramref name="record"/>.</summary>
    public int FieldCount(int record) => _records[record].FieldCount;

    /// <summary>The name of field <paramref name="field"/> of record <paramref name="record"/>.</summary>
    public string Name(int record, int field) => _names[_records[record].FirstField + field];

    /// <summary>The stored value of field <paramref name="field"/> of record <paramref name="record"/> (UTF-8).</summary>
    public ReadOnlySpan<byte> Value(int record, int field)
    {
        var f = _fields[_records[record].FirstField + field];
        return _bytes.Slice(f.ValueStart, f.ValueLength);
    }

    /// <summary>Record <paramref name="record"/> as a byte-level transform sees it.</summary>
    public BulkRecord Record(int record)
    {
        var (keyStart, keyLength, first, count, _) = _records[record];
        return new BulkRecord(_bytes.Slice(keyStart, keyLength), _bytes.All, _fields.AsSpan(first, count));
    }

    /// <summary>
    /// Adds the hash of an HGETALL reply (its bytes copied once) under <paramref name="key"/>, asked for at
    /// <paramref name="position"/>. Returns the record's index, or -1 when the reply is empty (no such hash: deleted,
    /// or never there) and nothing was added.
    /// </summary>
    /// <exception cref="RespProtocolException">The reply is not a flat array of name/value pairs.</exception>
    public int Add(ReadOnlySpan<byte> key, in RespReply reply, FieldNameTable names, int position)
    {
        var count = HashReplyDecoder.Decode(reply, ref _scratch, ref _replyFields, out var bytes);
        if (count == 0)
        {
            return -1;
        }
        Add(_bytes.Append(key), key.Length, bytes, _replyFields.AsSpan(0, count), names, position);
        return Count - 1;
    }

    /// <summary>As <see cref="Add(ReadOnlySpan{byte}, in RespReply, FieldNameTable, int)"/>, the key given as text.</summary>
    /// <exception cref="RespProtocolException">The reply is not a flat array of name/value pairs.</exception>
    public int Add(string key, in RespReply reply, FieldNameTable names, int position)
    {
        var count = HashReplyDecoder.Decode(reply, ref _scratch, ref _replyFields, out var bytes);
        if (count == 0)
        {
            return -1;
        }
        var keyStart = _bytes.AppendUtf8(key, out var keyLength);
        Add(keyStart, keyLength, bytes, _replyFields.AsSpan(0, count), names, position);
        return Count - 1;
    }

    /// <summary>Adds a hash read by StackExchange.Redis, asked for at <paramref name="position"/>.</summary>
    public void Add(string key, HashEntry[] entries, int position)
    {
        var keyStart = _bytes.AppendUtf8(key, out var keyLength);
        var first = Reserve(entries.Length, keyLength, keyStart, position);
        for (var i = 0; i < entries.Length; i++)
        {
            // The bytes as stored (a name or value that is not UTF-8 stays as it is); the name's text for lookups.
            var name = (byte[])entries[i].Name!;
            var value = (byte[]?)entries[i].Value ?? [];
            var nameStart = _bytes.Append(name);
            var valueStart = _bytes.Append(value);
            _fields[first + i] = new BulkField(nameStart, name.Length, valueStart, value.Length);
            _names[first + i] = System.Text.Encoding.UTF8.GetString(name);
        }
    }

    // A hash from its HGETALL reply: data and fields as HashReplyDecoder laid them out, the key already in the arena.
    private void Add(int keyStart, int keyLength, ReadOnlySpan<byte> data, ReadOnlySpan<BulkField> fields, FieldNameTable names, int position)
    {
        var dataStart = _bytes.Append(data);
        var first = Reserve(fields.Length, keyLength, keyStart, position);
        for (var i = 0; i < fields.Length; i++)
        {
            var f = fields[i];
            _fields[first + i] = new BulkField(dataStart + f.NameStart, f.NameLength, dataStart + f.ValueStart, f.ValueLength);
            _names[first + i] = names.Get(data.Slice(f.NameStart, f.NameLength));
        }
    }

    /// <summary>Lists a key whose read Redis refused.</summary>
    public void AddError(string key, RedisReplyException error) => (_errors ??= []).Add((key, error));

    private int Reserve(int fields, int keyLength, int keyStart, int position)
    {
        if (Count == _records.Length)
        {
            Array.Resize(ref _records, _records.Length * 2);
        }
        if (_fields.Length - _fieldCount < fields)
        {
            var size = Math.Max(_fields.Length * 2, _fieldCount + fields);
            Array.Resize(ref _fields, size);
            Array.Resize(ref _names, size);
        }
        var first = _fieldCount;
        _records[Count++] = (keyStart, keyLength, first, fields, position);
        _fieldCount += fields;
        return first;
    }
}
