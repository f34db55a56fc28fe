namespace Horreum.JsonSchema;

/// <summary>
/// Annotations for unevaluatedProperties/unevaluatedItems: which members of one instance location
/// (property positions in enumeration order, or array indexes) some successful subschema evaluated.
/// A location is either an object or an array, so one bit set serves both.
/// </summary>
internal sealed class EvaluatedSet
{
    private ulong[] _bits = new ulong[2];
    private bool _all;

    public void Clear()
    {
        Array.Clear(_bits);
        _all = false;
    }

    public void MarkAll() => _all = true;

    public void Mark(int index)
    {
        var word = index >> 6;
        if (word >= _bits.Length)
        {
            Array.Resize(ref _bits, Math.Max(word + 1, _bits.Length * 2));
        }

        _bits[word] |= 1UL << (index & 63);
    }

    public void MarkRange(int count)
    {
        for (var i = 0; i < count; i++)
        {
            Mark(i);
        }
    }

    public bool IsMarked(int index)
    {
        if (_all)
        {
            return true;
        }

        var word = index >> 6;
        return word < _bits.Length && (_bits[word] & (1UL << (index & 63))) != 0;
    }

    public void UnionWith(EvaluatedSet other)
    {
        if (other._all)
        {
            _all = true;
            return;
        }

        if (other._bits.Length > _bits.Length)
        {
            Array.Resize(ref _bits, other._bits.Length);
        }

        for (var i = 0; i < other._bits.Length; i++)
        {
            _bits[i] |= other._bits[i];
        }
    }
}
