using System.Diagnostics.CodeAnalysis;

namespace Horreum.Migrations;

/// <summary>
/// The field changes a <see cref="PipelineMigration{T}"/> makes to one record. Names are CLR property names or
/// storage names; values are encoded by the mapper's serializer with the property's declared type (the runtime
/// type for names the model no longer has). A null value removes the field.
/// </summary>
public sealed class FieldChanges
{
    // One of these is made for every record a migration changes, with a field or two in it: a short list searched
    // in order costs far less than a dictionary and a set per record. A null value is a removal. The first change
    // is held in place (the common single-field change needs no array); from the second on, all are in _items.
    private KeyValuePair<string, object?> _first;
    private KeyValuePair<string, object?>[]? _items;
    private int _count;
    private int _removals;

    /// <summary>No change.</summary>
    public static FieldChanges None => new();

    /// <summary>Whether there is nothing to change.</summary>
    public bool IsEmpty => _count == 0;

    /// <summary>Fields to set (name → value).</summary>
    public IReadOnlyDictionary<string, object?> Sets => new SetView(this);

    /// <summary>Fields to remove.</summary>
    public IReadOnlyCollection<string> Removals => new RemovalView(this);

    /// <summary>Sets and removals in the order first named; a null value is a removal.</summary>
    internal ReadOnlySpan<KeyValuePair<string, object?>> Items =>
        _items is null ? System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan(ref _first, _count) : _items.AsSpan(0, _count);

    /// <summary>How many of <see cref="Items"/> are removals.</summary>
    internal int RemovalCount => _removals;

    /// <summary>Sets <paramref name="name"/> to <paramref name="value"/> (null removes it).</summary>
    public FieldChanges Set(string name, object? value)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (value is null)
        {
            return Remove(name);
        }
        Put(name, value);
        return this;
    }

    /// <summary>Removes the field <paramref name="name"/>.</summary>
    public FieldChanges Remove(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        Put(name, null);
        return this;
    }

    private void Put(string name, object? value)
    {
        var at = IndexOf(name);
        if (at >= 0)
        {
            ref var item = ref At(at);
            _removals += (value is null ? 1 : 0) - (item.Value is null ? 1 : 0);
            item = new KeyValuePair<string, object?>(name, value);
            return;
        }
        if (_count == 0)
        {
            _first = new KeyValuePair<string, object?>(name, value);
        }
        else
        {
            if (_items is null)
            {
                _items = new KeyValuePair<string, object?>[4];
                _items[0] = _first;
                _first = default;
            }
            else if (_count == _items.Length)
            {
                Array.Resize(ref _items, _count * 2);
            }
            _items[_count] = new KeyValuePair<string, object?>(name, value);
        }
        _count++;
        _removals += value is null ? 1 : 0;
    }

    private ref KeyValuePair<string, object?> At(int index) => ref _items is null ? ref _first : ref _items[index];

    private int IndexOf(string name)
    {
        for (var i = 0; i < _count; i++)
        {
            if (string.Equals(At(i).Key, name, StringComparison.Ordinal))
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>The sets, read live from the list.</summary>
    private sealed class SetView(FieldChanges changes) : IReadOnlyDictionary<string, object?>
    {
        public int Count => changes._count - changes._removals;

        public IEnumerable<string> Keys => this.Select(p => p.Key);

        public IEnumerable<object?> Values => this.Select(p => p.Value);

        public object? this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"No set of the field '{key}'.");

        public bool ContainsKey(string key) => TryGetValue(key, out _);

        public bool TryGetValue(string key, [MaybeNullWhen(false)] out object? value)
        {
            var at = changes.IndexOf(key);
            value = at >= 0 ? changes.At(at).Value : null;
            return value is not null;
        }

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
        {
            for (var i = 0; i < changes._count; i++)
            {
                var item = changes.At(i);
                if (item.Value is not null)
                {
                    yield return item;
                }
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>The removals, read live from the list.</summary>
    private sealed class RemovalView(FieldChanges changes) : IReadOnlyCollection<string>
    {
        public int Count => changes._removals;

        public IEnumerator<string> GetEnumerator()
        {
            for (var i = 0; i < changes._count; i++)
            {
                var item = changes.At(i);
                if (item.Value is null)
                {
                    yield return item.Key;
                }
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
