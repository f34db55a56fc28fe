using Horreum.Orm.Modeling;
using Horreum.Orm.Serialization;

namespace Horreum.Orm.Features;

/// <summary>Sets <c>created</c>/<c>updated</c> before a whole save is encoded (see <see cref="TimestampsFeature"/>).</summary>
internal static class Timestamps
{
    public const string Created = "created";
    public const string Updated = "updated";

    public static IReadOnlyList<FieldMetadata> FieldsOf(ModelMetadata model)
    {
        var result = new List<FieldMetadata>(2);
        foreach (var name in (ReadOnlySpan<string>)[Created, Updated])
        {
            if (model.FieldByStorageName(name) is { } field)
            {
                if (!IsSupported(field.Type))
                {
                    throw new ModelDefinitionException($"{model.ClrType.Name}.{field.PropertyName}: a '{name}' timestamp must be DateTimeOffset, DateTime or double (epoch seconds), not {TypeNames.Of(field.Type)}.");
                }
                result.Add(field);
            }
        }
        return result;
    }

    public static bool AppliesTo(ModelMetadata model) =>
        model.HasFeature(TimestampsFeature.FeatureName)
        || (model.Profile == StorageProfile.Familia && (model.FieldByStorageName(Created) is not null || model.FieldByStorageName(Updated) is not null));

    public static void Stamp(ModelMetadata model, object record, DateTimeOffset now)
    {
        if (!AppliesTo(model))
        {
            return;
        }
        foreach (var field in FieldsOf(model))
        {
            // created ||= now; updated = now.
            if (field.StorageName == Created && !IsUnset(field.GetValue(record)))
            {
                continue;
            }
            field.SetValue(record, ValueOf(field.Type, now));
        }
    }

    private static bool IsUnset(object? value) => value switch
    {
        null => true,
        double d => d == 0,
        DateTimeOffset o => o == default,
        DateTime t => t == default,
        _ => false,
    };

    private static bool IsSupported(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t == typeof(DateTimeOffset) || t == typeof(DateTime) || t == typeof(double);
    }

    private static object ValueOf(Type type, DateTimeOffset now)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t == typeof(double))
        {
            return FamiliaTime.ToEpochSeconds(now);
        }
        return t == typeof(DateTime) ? now.UtcDateTime : now;
    }
}
