using System.Text;

namespace Horreum.Orm.Transport;

/// <summary>
/// The field writes and deletions a transform asks for on one record. Bytes are copied into one reused buffer, so
/// a pass allocates nothing per record for its changes.
/// </summary>
public sealed class BulkChanges
{
    private readonly List<BulkField> _sets = [];
    private readonly List<BulkField> _deletes = [];
    private readonly ByteArena _arena = new(1024);

    /// <summary>How many fields are set.</summary>
    public int SetCount => _sets.Count;

    /// <summary>How many fields are deleted.</summary>
    public int DeleteCount => _deletes.Count;

    /// <summary>Whether the record needs no write.</summary>
    public bool IsEmpty => _sets.Count == 0 && _deletes.Count == 0;

    /// <summary>Sets <paramref name="field"/> to <paramref name="value"/> (HSET).</summary>
    public void Set(ReadOnlySpan<byte> field, ReadOnlySpan<byte> value)
    {
        var name = Append(field);
        var stored = Append(value);
        _sets.Add(new BulkField(name, field.Length, stored, value.Length));
    }

    /// <summary>Sets <paramref name="field"/> to the UTF-8 bytes of <paramref name="value"/> (HSET).</summary>
    public void Set(string field, string value)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(value);
        Set(Encoding.UTF8.GetBytes(field), Encoding.UTF8.GetBytes(value));
    }

    /// <summary>Deletes <paramref name="field"/> (HDEL).</summary>
    public void Delete(ReadOnlySpan<byte> field)
    {
        var name = Append(field);
        _deletes.Add(new BulkField(name, field.Length, 0, 0));
    }

    internal ReadOnlySpan<byte> SetName(int index) => _arena.Slice(_sets[index].NameStart, _sets[index].NameLength);

    internal ReadOnlySpan<byte> SetValue(int index) => _arena.Slice(_sets[index].ValueStart, _sets[index].ValueLength);

    internal ReadOnlySpan<byte> DeleteName(int index) => _arena.Slice(_deletes[index].NameStart, _deletes[index].NameLength);

    internal void Reset()
    {
        _sets.Clear();
        _deletes.Clear();
        _arena.Clear();
    }

    private int Append(ReadOnlySpan<byte> bytes) => _arena.Append(bytes);
}
