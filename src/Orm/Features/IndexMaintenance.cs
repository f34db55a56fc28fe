using Horreum.Orm.Modeling;
using StackExchange.Redis;

namespace Horreum.Orm.Features;

/// <summary>
/// Keeps unique, multi and lookup indexes equal to the records, for one save or destroy. The key layout of every
/// index lives here and in <see cref="FeatureKeys"/>: nowhere else.
/// </summary>
internal static class IndexMaintenance
{
    public static async Task PlanAsync(FeatureWrite write, IndexMetadata index)
    {
        var newJson = write.NewText(index.Field, out var included);
        if (!included)
        {
            return;
        }
        var oldValue = FeatureWrite.IndexText(await write.StoredAsync(index.Field).ConfigureAwait(false));
        var newValue = FeatureWrite.IndexText(newJson);
        switch (index.Kind)
        {
            case IndexKind.Multi:
                if (oldValue is not null && oldValue != newValue)
                {
                    write.Add(KeyedCommand.SetRemove(FeatureKeys.MultiIndex(write.Keys, index.Name, oldValue), write.RawId));
                }
                if (newValue is not null)
                {
                    write.AddExpiring(KeyedCommand.SetAdd(FeatureKeys.MultiIndex(write.Keys, index.Name, newValue), write.RawId));
                }
                break;
            case IndexKind.Unique:
                await PlanUniqueAsync(write, index, oldValue, newValue).ConfigureAwait(false);
                break;
            case IndexKind.Lookup:
                var lookup = FeatureKeys.ClassIndex(write.Keys, index.Name);
                if (oldValue is not null && oldValue != newValue)
                {
                    write.Add(KeyedCommand.HashDelete(lookup, [oldValue]));
                }
                if (newValue is not null)
                {
                    write.AddExpiring(KeyedCommand.HashSet(lookup, new Dictionary<string, string> { [newValue] = FeatureKeys.LookupMember(write) }));
                }
                break;
        }
    }

    private static async Task PlanUniqueAsync(FeatureWrite write, IndexMetadata index, string? oldValue, string? newValue)
    {
        var hash = FeatureKeys.ClassIndex(write.Keys, index.Name);
        if (oldValue is not null && oldValue != newValue)
        {
            // Only the entry that names this record is ours to remove.
            var owner = await write.Db.HashGetAsync(hash, oldValue).ConfigureAwait(false);
            if (owner == write.RawId)
            {
                write.Require(Condition.HashEqual(hash, oldValue, owner), hash);
                write.Add(KeyedCommand.HashDelete(hash, [oldValue]));
            }
        }
        if (newValue is null)
        {
            return;
        }
        var holder = await write.Db.HashGetAsync(hash, newValue).ConfigureAwait(false);
        if (holder.IsNull)
        {
            write.Require(Condition.HashNotExists(hash, newValue), hash);
        }
        else if (holder == write.RawId)
        {
            write.Require(Condition.HashEqual(hash, newValue, holder), hash);
        }
        else
        {
            var holderKey = write.Keys.ObjectKey(holder!);
            if (await write.Db.KeyExistsAsync(holderKey).ConfigureAwait(false))
            {
                throw RecordExistsException.ForIndex(hash, index.Field.StorageName, newValue, holder!);
            }
            // The entry names a record that is gone (destroyed by a writer that kept no indexes, or expired): take it over.
            write.Require(Condition.HashEqual(hash, newValue, holder), hash);
            write.Require(Condition.KeyNotExists(holderKey), holderKey);
        }
        write.AddExpiring(KeyedCommand.HashSet(hash, new Dictionary<string, string> { [newValue] = write.RawId }));
    }
}
