namespace Horreum.Orm.Collections;

/// <summary>A related integer counter (a Redis string updated with INCRBY).</summary>
public sealed class HorreumCounter : RelatedStructure
{
    /// <summary>Adds <paramref name="by"/> (may be negative); returns the new value.</summary>
    public Task<long> IncrementAsync(long by = 1, CancellationToken cancellationToken = default) =>
        WriteAsync("INCRBY", db => db.StringIncrementAsync(Binding.Key, by), cancellationToken);

    /// <summary>Sets the value.</summary>
    public Task<bool> SetAsync(long value, CancellationToken cancellationToken = default) =>
        WriteAsync("SET", db => db.StringSetAsync(Binding.Key, value), cancellationToken);

    /// <summary>The value (0 when absent).</summary>
    public async Task<long> GetAsync(CancellationToken cancellationToken = default)
    {
        var raw = await ReadAsync("GET", db => db.StringGetAsync(Binding.Key), cancellationToken).ConfigureAwait(false);
        return raw.IsNull ? 0 : (long)raw;
    }
}
