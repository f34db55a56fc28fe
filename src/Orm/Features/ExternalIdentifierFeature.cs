using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using Horreum.Orm.Modeling;

namespace Horreum.Orm.Features;

/// <summary>
/// <c>[Feature("external_identifier")]</c> with an <c>[ExternalIdentifier]</c> string property: the extid is derived from
/// the objid exactly as Familia 2.12 derives it, and <c>{prefix}:extid_lookup</c> maps it to the record's identifier,
/// for <c>FindByExtidAsync</c>. Needs <c>object_identifier</c>.
/// </summary>
public sealed class ExternalIdentifierFeature : IModelFeature, IRecordFeature
{
    /// <summary>The feature name.</summary>
    public const string FeatureName = "external_identifier";

    private const string Digits = "0123456789abcdefghijklmnopqrstuvwxyz";

    /// <inheritdoc />
    public string Name => FeatureName;

    /// <summary>
    /// Familia's extid: the first 16 bytes of SHA-256 over the objid without hyphens, as a base-36 number left-padded
    /// with '0' to 25 characters, put in <paramref name="format"/> at <c>%{id}</c>.
    /// </summary>
    public static string Derive(string objid, string format = "ext_%{id}")
    {
        ArgumentException.ThrowIfNullOrEmpty(objid);
        ArgumentNullException.ThrowIfNull(format);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(objid.Replace("-", "", StringComparison.Ordinal)), hash);
        var n = new BigInteger(hash[..16], isUnsigned: true, isBigEndian: true);
        var text = new StringBuilder(25);
        while (n > 0)
        {
            text.Insert(0, Digits[(int)(n % 36)]);
            n /= 36;
        }
        return format.Replace("%{id}", text.ToString().PadLeft(25, '0'), StringComparison.Ordinal);
    }

    /// <inheritdoc />
    public void Check(ModelMetadata model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.ExternalIdentifier is null)
        {
            throw new ModelDefinitionException($"{model.ClrType.Name} declares [Feature(\"external_identifier\")] but no property holds the extid: mark a string property [ExternalIdentifier].");
        }
        if (!model.HasFeature(ObjectIdentifierFeature.FeatureName))
        {
            throw new ModelDefinitionException($"{model.ClrType.Name}: external_identifier derives the extid from the objid; add [Feature(\"object_identifier\")].");
        }
    }

    /// <inheritdoc />
    public void OnSaving(SaveContext context)
    {
    }

    void IRecordFeature.Prepare(object record, ModelMetadata model)
    {
        var objid = (string?)model.ObjectIdentifier?.GetValue(record);
        if (!string.IsNullOrEmpty(objid) && string.IsNullOrEmpty((string?)model.ExternalIdentifier!.GetValue(record)))
        {
            model.ExternalIdentifier.SetValue(record, Derive(objid, model.ExtidFormat));
        }
    }

    Task IRecordFeature.PlanAsync(FeatureWrite write) =>
        IndexMaintenance.PlanAsync(write, write.Model.Indexes.First(i => i.Kind == IndexKind.Lookup && ReferenceEquals(i.Field, write.Model.ExternalIdentifier)));
}
