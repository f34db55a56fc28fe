namespace Horreum.Orm.Collections;

/// <summary>A related Redis set of JSON members (raw identifiers for references).</summary>
/// <typeparam name="T">The member type.</typeparam>
public sealed class HorreumSet<T> : RelatedStructure
{
    /// <summary>Adds a member; false when it was already there.</summary>
    public Task<bool> AddAsync(T item, CancellationToken cancellationToken = default) =>
        WriteAsync("SADD", db => db.SetAddAsync(Binding.Key, Binding.Encode(item)), cancellationToken);

    /// <summary>Removes a member; false when it was not there.</summary>
    public Task<bool> RemoveAsync(T item, CancellationToken cancellationToken = default) =>
        WriteAsync("SREM", db => db.SetRemoveAsync(Binding.Key, Binding.Encode(item)), cancellationToken);

    /// <summary>Whether a member is in the set.</summary>
    public Task<bool> ContainsAsync(T item, CancellationToken cancellationToken = default) =>
        ReadAsync("SISMEMBER", db => db.SetContainsAsync(Binding.Key, Binding.Encode(item)), cancellationToken);

    /// <summary>All members (unordered).</summary>
    public async Task<IReadOnlyList<T>> MembersAsync(CancellationToken cancellationToken = default)
    {
        var values = await ReadAsync("SMEMBERS", db => db.SetMembersAsync(Binding.Key), cancellationToken).ConfigureAwait(false);
        return values.Select(v => Binding.Decode<T>(v, "member")).ToArray();
    }

    /// <summary>The number of members.</summary>
    public Task<long> CountAsync(CancellationToken cancellationToken = default) =>
        ReadAsync("SCARD", db => db.SetLengthAsync(Binding.Key), cancellationToken);
}
