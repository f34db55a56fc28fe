using System.Text;
using Horreum.Orm.Transport;

namespace Horreum.Migrations.Engine;

/// <summary>
/// One page of byte-level changes (a <c>UseStoredBytes</c> step's: keys, field writes and deletions with the old
/// values they replace), in one reused arena: the form the record pass hands such changes to <see cref="PageWriter"/>.
/// A page stays alive until Redis has answered its writes, so a refused write can still name its key.
/// </summary>
internal sealed class StoredPage : IRecordKeys
{
    private readonly List<Record> _records = [];
    private readonly List<Op> _ops = [];
    private readonly ByteArena _bytes = new(64 * 1024);
    private int _recordStart;

    public int Count => _records.Count;

    public int OpCount => _ops.Count;

    public void Clear()
    {
        _records.Clear();
        _ops.Clear();
        _bytes.Clear();
    }

    /// <summary>
    /// Keeps what <paramref name="changes"/> asks of <paramref name="record"/>, with the values it replaces: a value
    /// equal to what is stored, and a deletion of an absent field, are dropped. Returns the number of field changes
    /// kept (0: the record is not added).
    /// </summary>
    public int AddRecord(BulkRecord record, BulkChanges changes)
    {
        BeginRecord(record.Key);
        var sets = 0;
        for (var i = 0; i < changes.SetCount; i++)
        {
            var name = changes.SetName(i);
            var value = changes.SetValue(i);
            var had = record.TryGetValue(name, out var old);
            if (had && old.SequenceEqual(value))
            {
                continue;
            }
            AddSet(name, value, old, had);
            sets++;
        }
        var deletes = 0;
        for (var i = 0; i < changes.DeleteCount; i++)
        {
            var name = changes.DeleteName(i);
            if (record.TryGetValue(name, out var old))
            {
                AddDelete(name, old);
                deletes++;
            }
        }
        return EndRecord(sets, deletes) ? sets + deletes : 0;
    }

    /// <summary>Starts a record's changes; <see cref="EndRecord"/> keeps it only if it got any.</summary>
    private void BeginRecord(ReadOnlySpan<byte> key)
    {
        _recordStart = _ops.Count;
        _records.Add(new Record(Append(key), key.Length, _ops.Count, 0, 0));
    }

    private void AddSet(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, ReadOnlySpan<byte> old, bool hadOld)
    {
        var n = Append(name);
        var v = Append(value);
        _ops.Add(new Op(n, name.Length, v, value.Length, Append(old), hadOld ? old.Length : -1));
    }

    private void AddDelete(ReadOnlySpan<byte> name, ReadOnlySpan<byte> old)
    {
        var n = Append(name);
        _ops.Add(new Op(n, name.Length, 0, -1, Append(old), old.Length));
    }

    /// <summary>Closes the record: <paramref name="sets"/> writes then <paramref name="deletes"/> deletions were added. False (and dropped) when both are 0.</summary>
    private bool EndRecord(int sets, int deletes)
    {
        var last = _records.Count - 1;
        if (sets + deletes == 0)
        {
            _records.RemoveAt(last);
            _ops.RemoveRange(_recordStart, _ops.Count - _recordStart);
            return false;
        }
        _records[last] = _records[last] with { Sets = sets, Deletes = deletes };
        return true;
    }

    public ReadOnlySpan<byte> Key(int record) => _bytes.Slice(_records[record].KeyStart, _records[record].KeyLength);

    public int Sets(int record) => _records[record].Sets;

    public int Deletes(int record) => _records[record].Deletes;

    public int FirstOp(int record) => _records[record].FirstOp;

    public ReadOnlySpan<byte> Name(int op) => _bytes.Slice(_ops[op].NameStart, _ops[op].NameLength);

    public ReadOnlySpan<byte> Value(int op) => _bytes.Slice(_ops[op].ValueStart, Math.Max(0, _ops[op].ValueLength));

    /// <summary>The value the op replaces; <paramref name="present"/> is false when the field did not exist.</summary>
    public ReadOnlySpan<byte> Old(int op, out bool present)
    {
        present = _ops[op].OldLength >= 0;
        return _bytes.Slice(_ops[op].OldStart, Math.Max(0, _ops[op].OldLength));
    }

    public string KeyAt(int index) => Encoding.UTF8.GetString(Key(index));

    /// <summary>The page's changes as text writes (for the writer off the RESP pipeline, which sends text).</summary>
    public List<PreparedWrite> ToWrites()
    {
        var writes = new List<PreparedWrite>(Count);
        for (var r = 0; r < Count; r++)
        {
            var first = FirstOp(r);
            var sets = new FieldWrite[Sets(r)];
            var removes = new FieldWrite[Deletes(r)];
            for (var op = first; op < first + sets.Length + removes.Length; op++)
            {
                var name = Encoding.UTF8.GetString(Name(op));
                var oldBytes = Old(op, out var present);
                var old = present ? Encoding.UTF8.GetString(oldBytes) : null;
                if (op < first + sets.Length)
                {
                    sets[op - first] = new FieldWrite(name, Encoding.UTF8.GetString(Value(op)), old);
                }
                else
                {
                    removes[op - first - sets.Length] = new FieldWrite(name, null, old);
                }
            }
            writes.Add(new PreparedWrite(KeyAt(r), sets, removes));
        }
        return writes;
    }

    /// <summary>What the page writes, for the dry run's preview (first record, then "…").</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        text.Append(Count).Append(" records: ");
        var sets = Sets(0);
        var first = FirstOp(0);
        if (sets > 0)
        {
            text.Append("HSET ").Append(KeyAt(0));
            for (var op = first; op < first + sets; op++)
            {
                var value = Encoding.UTF8.GetString(Value(op));
                text.Append(' ').Append(Encoding.UTF8.GetString(Name(op))).Append('=').Append(value.Length > 40 ? value[..40] + "…" : value);
            }
        }
        if (Deletes(0) > 0)
        {
            text.Append(sets > 0 ? "; " : "").Append("HDEL ").Append(KeyAt(0));
            for (var op = first + sets; op < first + sets + Deletes(0); op++)
            {
                text.Append(' ').Append(Encoding.UTF8.GetString(Name(op)));
            }
        }
        return Count > 1 ? text.Append(" …").ToString() : text.ToString();
    }

    private int Append(ReadOnlySpan<byte> bytes) => _bytes.Append(bytes);

    private readonly record struct Record(int KeyStart, int KeyLength, int FirstOp, int Sets, int Deletes);

    private readonly record struct Op(int NameStart, int NameLength, int ValueStart, int ValueLength, int OldStart, int OldLength);
}
