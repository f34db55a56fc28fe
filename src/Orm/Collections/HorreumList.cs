namespace Horreum.Orm.Collections;

/// <summary>A related Redis list of JSON members (raw identifiers for references).</summary>
/// <typeparam name="T">The member type.</typeparam>
public sealed class HorreumList<T> : RelatedStructure
{
    /// <summary>Appends a member (RPUSH); returns the new length.</summary>
    public Task<long> AddAsync(T item, CancellationToken cancellationToken = default) =>
        WriteAsync("RPUSH", db => db.ListRightPushAsync(Binding.Key, Binding.Encode(item)), cancellationToken);

    /// <summary>Prepends a member (LPUSH); returns the new length.</summary>
    public Task<long> PushFrontAsync(T item, CancellationToken cancellationToken = default) =>
        WriteAsync("LPUSH", db => db.ListLeftPushAsync(Binding.Key, Binding.Encode(item)), cancellationToken);

    /// <summary>Removes occurrences of a member (0 = all); returns how many were removed.</summary>
    public Task<long> RemoveAsync(T item, long count = 0, CancellationToken cancellationToken = default) =>
        WriteAsync("LREM", db => db.ListRemoveAsync(Binding.Key, Binding.Encode(item), count), cancellationToken);

    /// <summary>Members from <paramref name="start"/> to <paramref name="stop"/> inclusive (negative counts from the end).</summary>
    public async Task<IReadOnlyList<T>> RangeAsync(long start = 0, long stop = -1, CancellationToken cancellationToken = default)
    {
        var values = await ReadAsync("LRANGE", db => db.ListRangeAsync(Binding.Key, start, stop), cancellationToken).ConfigureAwait(false);
        var result = new T[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            result[i] = Binding.Decode<T>(values[i], $"[{start + i}]");
        }
        return result;
    }

    /// <summary>The number of members.</summary>
    public Task<long> CountAsync(CancellationToken cancellationToken = default) =>
        ReadAsync("LLEN", db => db.ListLengthAsync(Binding.Key), cancellationToken);
}
