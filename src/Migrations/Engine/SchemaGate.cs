using Horreum.Orm;
using Horreum.Orm.Schema;

namespace Horreum.Migrations.Engine;

/// <summary>
/// JSON Schema checks of records inside Model/Pipeline migrations, before and/or after the transform: off, count
/// (stats <c>schema.before.invalid</c> / <c>schema.after.invalid</c>), or fail (the record is an error, counted and
/// listed with its key, and is not written).
/// </summary>
internal static class SchemaGate
{
    /// <summary>Fails at once (before any record) when a policy is on but the model has no usable schema.</summary>
    public static void EnsureSchema<T>(ModelRepository<T> repository, Migration migration)
        where T : class
    {
        if (migration.ValidateBefore != SchemaValidationPolicy.Off || migration.ValidateAfter != SchemaValidationPolicy.Off)
        {
            _ = repository.ValidateEncoded(new Dictionary<string, string>());
        }
    }

    /// <summary>Checks one record's values; false when the policy says the record must not be processed/written.</summary>
    public static bool Passes<T>(ModelRepository<T> repository, MigrationContext context, string key, IEnumerable<KeyValuePair<string, string?>> values, SchemaValidationPolicy policy, string stage)
        where T : class
    {
        if (policy == SchemaValidationPolicy.Off)
        {
            return true;
        }
        var encoded = values.Where(v => v.Value is not null).ToDictionary(v => v.Key, v => v.Value!, StringComparer.Ordinal);
        var result = repository.ValidateEncoded(encoded);
        if (result.IsValid)
        {
            return true;
        }
        context.TrackStat($"schema.{stage}.invalid");
        if (policy == SchemaValidationPolicy.Fail)
        {
            context.RecordError(key, new SchemaValidationException(key, typeof(T), result.Violations, $"{stage} the transform"));
            return false;
        }
        return true;
    }

    /// <summary>The record as it will be after <paramref name="write"/>.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> After(IReadOnlyDictionary<string, string?> stored, PreparedWrite write)
    {
        var merged = new Dictionary<string, string?>(stored, StringComparer.Ordinal);
        foreach (var set in write.Sets)
        {
            merged[set.Name] = set.Value;
        }
        foreach (var removed in write.Removes)
        {
            merged.Remove(removed.Name);
        }
        return merged;
    }
}
