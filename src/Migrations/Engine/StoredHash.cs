using System.Diagnostics.CodeAnalysis;
using System.Text;
using Horreum.Orm.Transport;

namespace Horreum.Migrations.Engine;

/// <summary>
/// A scanned hash as a read-only dictionary over its name/value pairs, without building a hash table: records have
/// a handful of fields, so a linear search is cheaper than a <see cref="Dictionary{TKey, TValue}"/> per record.
/// Backed by the bytes of the reader's page: a value's text is made only when asked for, and kept. Call
/// <see cref="Detach"/> before the hash may outlive the page (user code gets it).
/// </summary>
internal sealed class StoredHash : IReadOnlyDictionary<string, string?>
{
    private RecordPage? _page;
    private readonly int _record;
    private KeyValuePair<string, string?>[]? _pairs;
    private string?[]? _values;

    public StoredHash(KeyValuePair<string, string?>[] pairs) => _pairs = pairs;

    public StoredHash(RecordPage page, int record)
    {
        _page = page;
        _record = record;
    }

    /// <summary>A hash with no field.</summary>
    public static StoredHash Empty { get; } = new([]);

    public int Count => _pairs?.Length ?? _page!.FieldCount(_record);

    public IEnumerable<string> Keys => Enumerable.Range(0, Count).Select(NameAt);

    public IEnumerable<string?> Values => Enumerable.Range(0, Count).Select(ValueAt);

    public string? this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"The hash has no field '{key}'.");

    /// <summary>The name of field <paramref name="index"/>.</summary>
    public string NameAt(int index) => _pairs is { } pairs ? pairs[index].Key : _page!.Name(_record, index);

    /// <summary>The stored text of field <paramref name="index"/> (made on first use).</summary>
    public string? ValueAt(int index)
    {
        if (_pairs is { } pairs)
        {
            return pairs[index].Value;
        }
        _values ??= new string?[Count];
        return _values[index] ??= Encoding.UTF8.GetString(_page!.Value(_record, index));
    }

    /// <summary>The index of the field named <paramref name="name"/>, or -1.</summary>
    public int IndexOf(string name)
    {
        var count = Count;
        for (var i = 0; i < count; i++)
        {
            if (string.Equals(NameAt(i), name, StringComparison.Ordinal))
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>Whether field <paramref name="index"/> holds exactly <paramref name="text"/>, compared without making its text.</summary>
    public bool ValueEquals(int index, string text)
    {
        if (_pairs is not null || _values?[index] is not null)
        {
            return string.Equals(ValueAt(index), text, StringComparison.Ordinal);
        }
        var stored = _page!.Value(_record, index);
        if (text.Length > 256)
        {
            return string.Equals(ValueAt(index), text, StringComparison.Ordinal);
        }
        Span<byte> utf8 = stackalloc byte[text.Length * 3];
        return stored.SequenceEqual(utf8[..Encoding.UTF8.GetBytes(text, utf8)]);
    }

    /// <summary>Makes every value's text and lets go of the page, so the hash stays valid after the pass moves on.</summary>
    public StoredHash Detach()
    {
        if (_page is not null)
        {
            var pairs = new KeyValuePair<string, string?>[Count];
            for (var i = 0; i < pairs.Length; i++)
            {
                pairs[i] = new KeyValuePair<string, string?>(NameAt(i), ValueAt(i));
            }
            _pairs = pairs;
            _page = null;
            _values = null;
        }
        return this;
    }

    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    /// <summary>The stored text of <paramref name="key"/>, or null (called directly, not through the dictionary interface).</summary>
    public string? GetValueOrDefault(string key) => IndexOf(key) is var i and >= 0 ? ValueAt(i) : null;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string? value)
    {
        var i = IndexOf(key);
        value = i >= 0 ? ValueAt(i) : null;
        return i >= 0;
    }

    public IEnumerator<KeyValuePair<string, string?>> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return new KeyValuePair<string, string?>(NameAt(i), ValueAt(i));
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
