using System.Security.Cryptography;
using Horreum.Orm.Modeling;

namespace Horreum.Orm.Features;

/// <summary>
/// <c>[Feature("object_identifier")]</c> with an <c>[ObjectIdentifier]</c> string property: a new record gets an objid
/// on its first save (UUID v7 by default, UUID v4, or 64 hex characters), and <c>{prefix}:objid_lookup</c> maps every
/// objid to the record's identifier (as JSON text, Familia's layout), for <c>FindByObjidAsync</c>.
/// </summary>
public sealed class ObjectIdentifierFeature : IModelFeature, IRecordFeature
{
    /// <summary>The feature name.</summary>
    public const string FeatureName = "object_identifier";

    /// <inheritdoc />
    public string Name => FeatureName;

    /// <summary>A new objid from <paramref name="generator"/>.</summary>
    public static string Generate(ObjidGenerator generator) => generator switch
    {
        ObjidGenerator.UuidV4 => Guid.NewGuid().ToString("D"),
        ObjidGenerator.Hex => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
        _ => Guid.CreateVersion7().ToString("D"),
    };

    /// <inheritdoc />
    public void Check(ModelMetadata model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.ObjectIdentifier is null)
        {
            throw new ModelDefinitionException($"{model.ClrType.Name} declares [Feature(\"object_identifier\")] but no property holds the objid: mark a string property [ObjectIdentifier].");
        }
    }

    /// <inheritdoc />
    public void OnSaving(SaveContext context)
    {
    }

    void IRecordFeature.Prepare(object record, ModelMetadata model)
    {
        var field = model.ObjectIdentifier!;
        if (string.IsNullOrEmpty((string?)field.GetValue(record)))
        {
            field.SetValue(record, Generate(model.ObjidGenerator));
        }
    }

    Task IRecordFeature.PlanAsync(FeatureWrite write) =>
        IndexMaintenance.PlanAsync(write, write.Model.Indexes.First(i => i.Kind == IndexKind.Lookup && ReferenceEquals(i.Field, write.Model.ObjectIdentifier)));
}
