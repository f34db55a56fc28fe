using Horreum.Orm;
using Horreum.Orm.Features;
using Horreum.Orm.Modeling;

namespace Horreum.Migrations.Engine;

/// <summary>
/// The record pass does not keep a model's indexes (unique, multi, objid/extid lookups): a migration write that
/// would change an indexed value is refused for that record, naming key, field and index, unless the migration
/// opts out of model features (then <c>RebuildIndexesMigration</c> mends the indexes afterwards).
/// </summary>
internal static class IndexGuard
{
    /// <summary>The indexes migration writes must leave alone; empty when there are none or the migration opted out.</summary>
    public static IReadOnlyList<IndexMetadata> Guarded(ModelMetadata model, Migration migration) =>
        migration.UseModelFeatures ? model.Indexes : [];

    /// <summary>Throws when <paramref name="write"/> changes the text an index keeps for a field of <paramref name="stored"/>.</summary>
    public static void Check(IReadOnlyList<IndexMetadata> indexes, PreparedWrite write, IReadOnlyDictionary<string, string?> stored, string modelName)
    {
        if (indexes.Count == 0)
        {
            return;
        }
        foreach (var set in write.Sets)
        {
            Refuse(indexes, write.Key, set.Name, stored, set.Value, modelName);
        }
        foreach (var removed in write.Removes)
        {
            Refuse(indexes, write.Key, removed.Name, stored, null, modelName);
        }
    }

    /// <summary>The refusal of the byte-level kind, which writes fields it never decodes; null when allowed.</summary>
    public static string? StoredBytesRefusal(IReadOnlyList<IndexMetadata> indexes, string id, string modelName) =>
        indexes.Count == 0 ? null
        : $"{id}: {modelName} keeps indexes ({Names(indexes)}), which a migration pass does not update, and UseStoredBytes cannot tell which values it changes. Use the typed kind (it refuses only the records whose indexed values change), or override UseModelFeatures => false and run RebuildIndexesMigration<{modelName}> afterwards.";

    private static void Refuse(IReadOnlyList<IndexMetadata> indexes, string key, string field, IReadOnlyDictionary<string, string?> stored, string? newText, string modelName)
    {
        foreach (var index in indexes)
        {
            if (index.Field.StorageName == field && FeatureWrite.IndexText(stored.GetValueOrDefault(field)) != FeatureWrite.IndexText(newText))
            {
                throw new InvalidOperationException(
                    $"Field '{field}' of '{key}' is kept in the {index.Kind.ToString().ToLowerInvariant()} index '{index.Name}', which a migration pass does not update: the record is not written. Override UseModelFeatures => false to write it anyway and run RebuildIndexesMigration<{modelName}> afterwards.");
            }
        }
    }

    private static string Names(IReadOnlyList<IndexMetadata> indexes) => string.Join(", ", indexes.Select(i => i.Name));
}
