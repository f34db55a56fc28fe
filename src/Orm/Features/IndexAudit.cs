using Horreum.Orm.Modeling;
using StackExchange.Redis;

namespace Horreum.Orm.Features;

/// <summary>
/// Compares a model's indexes with its records: what each record implies (from its stored values), and which
/// existing entries no record explains. The rebuild-index migration and index drift both use it, so "what a rebuild
/// would produce" is defined once.
/// </summary>
internal static class IndexAudit
{
    /// <summary>The entries the stored record implies, each with whether it is present (or held by another live record).</summary>
    public static async Task<List<(IndexEntry Entry, EntryState State)>> CheckRecordAsync(IDatabase db, ModelKeys keys, Serialization.IValueCodec serializer, string rawId, IReadOnlyDictionary<string, string?> stored)
    {
        var result = new List<(IndexEntry, EntryState)>();
        foreach (var index in keys.Model.Indexes)
        {
            var text = FeatureWrite.IndexText(stored.GetValueOrDefault(index.Field.StorageName));
            if (text is null)
            {
                continue;
            }
            var entry = Expected(keys, serializer, index, rawId, text);
            if (entry.Field is null)
            {
                result.Add((entry, await db.SetContainsAsync(entry.Key, entry.Value).ConfigureAwait(false) ? EntryState.Present : EntryState.Missing));
                continue;
            }
            var held = await db.HashGetAsync(entry.Key, entry.Field).ConfigureAwait(false);
            var state = held == entry.Value ? EntryState.Present
                : index.Kind == IndexKind.Unique && !held.IsNull && await db.KeyExistsAsync(keys.ObjectKey(held!)).ConfigureAwait(false)
                    && FeatureWrite.IndexText(await db.HashGetAsync(keys.ObjectKey(held!), index.Field.StorageName).ConfigureAwait(false)) == text
                ? EntryState.Conflict
                : EntryState.Missing;
            result.Add((entry, state));
        }
        return result;
    }

    /// <summary>Every existing index entry that no record explains.</summary>
    public static async IAsyncEnumerable<IndexEntry> StaleAsync(IDatabase db, HorreumClient client, ModelKeys keys, Serialization.IValueCodec serializer)
    {
        foreach (var index in keys.Model.Indexes)
        {
            if (index.Kind == IndexKind.Multi)
            {
                var head = FeatureKeys.MultiIndex(keys, index.Name, "");
                await foreach (var setKey in client.ScanKeysAsync(head + "*", 500).ConfigureAwait(false))
                {
                    var value = ((string)setKey!)[head.Length..];
                    await foreach (var member in db.SetScanAsync(setKey, pageSize: 500).ConfigureAwait(false))
                    {
                        if (!await HoldsAsync(db, keys, index, (string)member!, value).ConfigureAwait(false))
                        {
                            yield return new IndexEntry(index, setKey!, null, member!);
                        }
                    }
                }
                continue;
            }
            var hash = FeatureKeys.ClassIndex(keys, index.Name);
            await foreach (var e in db.HashScanAsync(hash, pageSize: 500).ConfigureAwait(false))
            {
                var rawId = index.Kind == IndexKind.Lookup ? FeatureWrite.IndexText(e.Value) ?? (string)e.Value! : (string)e.Value!;
                var expected = index.Kind == IndexKind.Lookup ? LookupValue(keys, serializer, rawId) : rawId;
                if (e.Value != expected || !await HoldsAsync(db, keys, index, rawId, e.Name!).ConfigureAwait(false))
                {
                    yield return new IndexEntry(index, hash, e.Name!, e.Value!);
                }
            }
        }
    }

    public static IndexEntry Expected(ModelKeys keys, Serialization.IValueCodec serializer, IndexMetadata index, string rawId, string text) => index.Kind switch
    {
        IndexKind.Multi => new IndexEntry(index, FeatureKeys.MultiIndex(keys, index.Name, text), null, rawId),
        IndexKind.Lookup => new IndexEntry(index, FeatureKeys.ClassIndex(keys, index.Name), text, LookupValue(keys, serializer, rawId)),
        _ => new IndexEntry(index, FeatureKeys.ClassIndex(keys, index.Name), text, rawId),
    };

    /// <summary>Writes an entry (HSET or SADD), with the model's expiration on its key.</summary>
    public static async Task AddAsync(IDatabase db, ModelKeys keys, IndexEntry entry)
    {
        _ = entry.Field is null
            ? await db.SetAddAsync(entry.Key, entry.Value).ConfigureAwait(false)
            : await db.HashSetAsync(entry.Key, entry.Field, entry.Value).ConfigureAwait(false);
        if (keys.Model.Expiration is { } ttl)
        {
            await db.KeyExpireAsync(entry.Key, ttl).ConfigureAwait(false);
        }
    }

    /// <summary>Removes an entry only while it still reads as found (a concurrent save may have fixed it).</summary>
    public static async Task RemoveAsync(IDatabase db, IndexEntry entry)
    {
        if (entry.Field is null)
        {
            await db.SetRemoveAsync(entry.Key, entry.Value).ConfigureAwait(false);
            return;
        }
        var tran = db.CreateTransaction();
        tran.AddCondition(Condition.HashEqual(entry.Key, entry.Field, entry.Value));
        _ = tran.HashDeleteAsync(entry.Key, entry.Field);
        await tran.ExecuteAsync().ConfigureAwait(false);
    }

    private static string LookupValue(ModelKeys keys, Serialization.IValueCodec serializer, string rawId) =>
        serializer.Encode(IdentifierCodec.FromRaw(rawId, keys.Model.Identifier.Type), keys.Model.Identifier.Type)!;

    /// <summary>Whether the record <paramref name="rawId"/> exists and its field has <paramref name="value"/>.</summary>
    private static async Task<bool> HoldsAsync(IDatabase db, ModelKeys keys, IndexMetadata index, string rawId, string value) =>
        FeatureWrite.IndexText(await db.HashGetAsync(keys.ObjectKey(rawId), index.Field.StorageName).ConfigureAwait(false)) == value;
}
