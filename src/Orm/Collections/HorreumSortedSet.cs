using StackExchange.Redis;

namespace Horreum.Orm.Collections;

/// <summary>A related Redis sorted set of JSON members (raw identifiers for references) with scores.</summary>
/// <typeparam name="T">The member type.</typeparam>
public sealed class HorreumSortedSet<T> : RelatedStructure
{
    /// <summary>Adds or re-scores a member; true when it was added.</summary>
    public Task<bool> AddAsync(T item, double score, CancellationToken cancellationToken = default) =>
        WriteAsync("ZADD", db => db.SortedSetAddAsync(Binding.Key, Binding.Encode(item), score), cancellationToken);

    /// <summary>Adds <paramref name="by"/> to a member's score; returns the new score.</summary>
    public Task<double> IncrementAsync(T item, double by, CancellationToken cancellationToken = default) =>
        WriteAsync("ZINCRBY", db => db.SortedSetIncrementAsync(Binding.Key, Binding.Encode(item), by), cancellationToken);

    /// <summary>Removes a member; false when it was not there.</summary>
    public Task<bool> RemoveAsync(T item, CancellationToken cancellationToken = default) =>
        WriteAsync("ZREM", db => db.SortedSetRemoveAsync(Binding.Key, Binding.Encode(item)), cancellationToken);

    /// <summary>A member's score, or null when absent.</summary>
    public Task<double?> ScoreAsync(T item, CancellationToken cancellationToken = default) =>
        ReadAsync("ZSCORE", db => db.SortedSetScoreAsync(Binding.Key, Binding.Encode(item)), cancellationToken);

    /// <summary>Members by rank with their scores (inclusive; negative counts from the end).</summary>
    public async Task<IReadOnlyList<KeyValuePair<T, double>>> RangeByRankAsync(long start = 0, long stop = -1, bool descending = false, CancellationToken cancellationToken = default)
    {
        var values = await ReadAsync("ZRANGE", db => db.SortedSetRangeByRankWithScoresAsync(Binding.Key, start, stop, descending ? Order.Descending : Order.Ascending), cancellationToken).ConfigureAwait(false);
        return values.Select(v => new KeyValuePair<T, double>(Binding.Decode<T>(v.Element, "member"), v.Score)).ToArray();
    }

    /// <summary>Members whose score is within [<paramref name="min"/>, <paramref name="max"/>], ascending.</summary>
    public async Task<IReadOnlyList<T>> RangeByScoreAsync(double min, double max, CancellationToken cancellationToken = default)
    {
        var values = await ReadAsync("ZRANGEBYSCORE", db => db.SortedSetRangeByScoreAsync(Binding.Key, min, max), cancellationToken).ConfigureAwait(false);
        return values.Select(v => Binding.Decode<T>(v, "member")).ToArray();
    }

    /// <summary>The number of members.</summary>
    public Task<long> CountAsync(CancellationToken cancellationToken = default) =>
        ReadAsync("ZCARD", db => db.SortedSetLengthAsync(Binding.Key), cancellationToken);
}
