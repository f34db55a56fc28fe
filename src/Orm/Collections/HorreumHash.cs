namespace Horreum.Orm.Collections;

/// <summary>A related Redis hash: raw field names, JSON values.</summary>
/// <typeparam name="T">The value type.</typeparam>
public sealed class HorreumHash<T> : RelatedStructure
{
    /// <summary>Sets a field; true when the field is new.</summary>
    public Task<bool> SetAsync(string field, T value, CancellationToken cancellationToken = default) =>
        WriteAsync("HSET", db => db.HashSetAsync(Binding.Key, field, Binding.Encode(value)), cancellationToken);

    /// <summary>A field's value, or default when absent.</summary>
    public async Task<T?> GetAsync(string field, CancellationToken cancellationToken = default)
    {
        var raw = await ReadAsync("HGET", db => db.HashGetAsync(Binding.Key, field), cancellationToken).ConfigureAwait(false);
        return raw.IsNull ? default : Binding.Decode<T>(raw, field);
    }

    /// <summary>All fields and values.</summary>
    public async Task<IReadOnlyDictionary<string, T>> GetAllAsync(CancellationToken cancellationToken = default)
    {
        var entries = await ReadAsync("HGETALL", db => db.HashGetAllAsync(Binding.Key), cancellationToken).ConfigureAwait(false);
        var result = new Dictionary<string, T>(entries.Length, StringComparer.Ordinal);
        foreach (var e in entries)
        {
            var name = (string)e.Name!;
            result[name] = Binding.Decode<T>(e.Value, name);
        }
        return result;
    }

    /// <summary>Removes a field; false when it was not there.</summary>
    public Task<bool> RemoveAsync(string field, CancellationToken cancellationToken = default) =>
        WriteAsync("HDEL", db => db.HashDeleteAsync(Binding.Key, field), cancellationToken);

    /// <summary>The number of fields.</summary>
    public Task<long> CountAsync(CancellationToken cancellationToken = default) =>
        ReadAsync("HLEN", db => db.HashLengthAsync(Binding.Key), cancellationToken);
}
