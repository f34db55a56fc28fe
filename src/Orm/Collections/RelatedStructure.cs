using StackExchange.Redis;

namespace Horreum.Orm.Collections;

/// <summary>
/// Base of the related collection types. A model property of such a type is bound to
/// <c>{prefix}:{id}:{name}</c> when the record is saved, loaded or attached; an unbound collection refuses
/// operations with a clear error.
/// </summary>
public abstract class RelatedStructure
{
    private RelatedBinding? _binding;

    /// <summary>The Redis key, once bound.</summary>
    public string? Key => _binding?.Key;

    internal RelatedBinding Binding => _binding
        ?? throw new InvalidOperationException($"This {GetType().Name.Split('`')[0]} is not bound to a record yet: save, load or attach the record first (ModelRepository.Attach).");

    internal void Bind(RelatedBinding binding) => _binding = binding;

    /// <summary>Deletes the collection's key.</summary>
    public async Task<bool> ClearAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var b = Binding;
        b.Notifier.Command("DEL", b.Key);
        return await b.Db.KeyDeleteAsync(b.Key).ConfigureAwait(false);
    }

    /// <summary>Whether the collection's key exists.</summary>
    public async Task<bool> ExistsAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return await Binding.Db.KeyExistsAsync(Binding.Key).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs a write and, when the owning model expires, refreshes the key's time to live in the same MULTI,
    /// so a collection written after its record was saved still expires with it.
    /// </summary>
    private protected async Task<TResult> WriteAsync<TResult>(string command, Func<IDatabaseAsync, Task<TResult>> write, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var b = Binding;
        b.Notifier.Command(command, b.Key);
        if (b.Ttl is not { } ttl)
        {
            return await write(b.Db).ConfigureAwait(false);
        }
        var tran = b.Db.CreateTransaction();
        var result = write(tran);
        _ = tran.KeyExpireAsync(b.Key, ttl);
        await tran.ExecuteAsync().ConfigureAwait(false);
        return await result.ConfigureAwait(false);
    }

    private protected Task<TResult> ReadAsync<TResult>(string command, Func<IDatabaseAsync, Task<TResult>> read, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var b = Binding;
        b.Notifier.Command(command, b.Key);
        return read(b.Db);
    }
}
