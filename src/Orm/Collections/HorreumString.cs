namespace Horreum.Orm.Collections;

/// <summary>A related Redis string holding one JSON value.</summary>
/// <typeparam name="T">The value type.</typeparam>
public sealed class HorreumString<T> : RelatedStructure
{
    /// <summary>Sets the value.</summary>
    public Task<bool> SetAsync(T value, CancellationToken cancellationToken = default) =>
        WriteAsync("SET", db => db.StringSetAsync(Binding.Key, Binding.Encode(value)), cancellationToken);

    /// <summary>The value, or default when absent.</summary>
    public async Task<T?> GetAsync(CancellationToken cancellationToken = default)
    {
        var raw = await ReadAsync("GET", db => db.StringGetAsync(Binding.Key), cancellationToken).ConfigureAwait(false);
        return raw.IsNull ? default : Binding.Decode<T>(raw, "value");
    }
}
