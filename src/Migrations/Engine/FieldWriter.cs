using Horreum.Orm;

namespace Horreum.Migrations.Engine;

/// <summary>Encodes field changes with the mapper's serializer (declared type, or runtime type for unknown names).</summary>
internal static class FieldWriter
{
    /// <summary>
    /// The record's writes: each value encoded once, compared with <paramref name="stored"/> (unchanged values and
    /// removals of absent fields dropped), each kept with the value it replaces for the backup.
    /// </summary>
    public static PreparedWrite Prepare<T>(ModelRepository<T> repository, string key, FieldChanges changes, StoredHash stored)
        where T : class
    {
        var items = changes.Items;
        var sets = items.Length == changes.RemovalCount ? [] : new FieldWrite[items.Length - changes.RemovalCount];
        var removes = changes.RemovalCount == 0 ? [] : new FieldWrite[changes.RemovalCount];
        int setCount = 0, removeCount = 0;
        foreach (var (name, value) in items)
        {
            var field = repository.Model.FindField(name);
            var storage = field?.StorageName ?? name;
            var index = stored.IndexOf(storage);
            if (value is null)
            {
                if (index >= 0)
                {
                    removes[removeCount++] = new FieldWrite(storage, null, stored.ValueAt(index));
                }
                continue;
            }
            // Through the repository, so an encrypted field gets its envelope, never a placeholder.
            var text = repository.EncodeForWrite(field, value, key, stored)!;
            // Compared with the stored bytes: the old value's text is made only for a field that changes (its backup).
            if (index < 0 || !stored.ValueEquals(index, text))
            {
                sets[setCount++] = new FieldWrite(storage, text, index < 0 ? null : stored.ValueAt(index));
            }
        }
        return new PreparedWrite(key, Trim(sets, setCount), Trim(removes, removeCount));
    }

    private static FieldWrite[] Trim(FieldWrite[] writes, int count) =>
        count == writes.Length ? writes : count == 0 ? [] : writes[..count];
}
