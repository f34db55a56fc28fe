using System.Diagnostics.CodeAnalysis;

namespace Horreum.Migrations.Engine;

/// <summary>
/// A scanned hash as a read-only dictionary over its name/value pairs, without building a hash table: records have
/// a handful of fields, so a linear search is cheaper than a <see cref="Dictionary{TKey, TValue}"/> per record.
/// </summary>
internal sealed class StoredHash(KeyValuePair<string, string?>[] pairs) : IReadOnlyDictionary<string, string?>
{
    public int Count => pairs.Length;

    public IEnumerable<string> Keys => pairs.Select(p => p.Key);

    public IEnumerable<string?> Values => pairs.Select(p => p.Value);

    public string? this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"The hash has no field '{key}'.");

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    /// <summary>The stored text of <paramref name="key"/>, or null (called directly, not through the dictionary interface).</summary>
    public string? GetValueOrDefault(string key) => TryGetValue(key, out var value) ? value : null;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string? value)
    {
        foreach (var pair in pairs)
        {
            if (string.Equals(pair.Key, key, StringComparison.Ordinal))
            {
                value = pair.Value;
                return true;
            }
        }
        value = null;
        return false;
    }

    public IEnumerator<KeyValuePair<string, string?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, string?>>)pairs).GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
