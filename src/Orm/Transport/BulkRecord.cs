using System.Text;

namespace Horreum.Orm.Transport;

/// <summary>
/// One hash as stored, seen through the bytes of its HGETALL reply: names and values are UTF-8 spans into the
/// receive buffer, valid only during the transform call. Nothing is decoded until the transform asks for it.
/// </summary>
public readonly ref struct BulkRecord
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly ReadOnlySpan<BulkField> _fields;

    internal BulkRecord(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, ReadOnlySpan<BulkField> fields)
    {
        Key = key;
        _data = data;
        _fields = fields;
    }

    /// <summary>The hash's key (UTF-8).</summary>
    public ReadOnlySpan<byte> Key { get; }

    /// <summary>The number of fields.</summary>
    public int FieldCount => _fields.Length;

    /// <summary>The name of field <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> GetName(int index) => _data.Slice(_fields[index].NameStart, _fields[index].NameLength);

    /// <summary>The stored value of field <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> GetValue(int index) => _data.Slice(_fields[index].ValueStart, _fields[index].ValueLength);

    /// <summary>The stored value of the field named <paramref name="name"/> (a linear search: hashes are small).</summary>
    public bool TryGetValue(ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
    {
        foreach (var field in _fields)
        {
            if (_data.Slice(field.NameStart, field.NameLength).SequenceEqual(name))
            {
                value = _data.Slice(field.ValueStart, field.ValueLength);
                return true;
            }
        }
        value = default;
        return false;
    }

    /// <summary>The key as a string (allocates: for messages and rare paths).</summary>
    public string GetKeyString() => Encoding.UTF8.GetString(Key);
}
