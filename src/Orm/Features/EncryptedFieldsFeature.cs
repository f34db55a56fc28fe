using Horreum.Orm.Modeling;

namespace Horreum.Orm.Features;

/// <summary>
/// <c>[Feature("encrypted_fields")]</c>: <c>[Encrypted]</c> <see cref="ConcealedString"/> properties are stored as
/// Familia's JSON envelope (XChaCha20-Poly1305 under a per-record, per-field key derived from
/// <see cref="HorreumOptions.Encryption"/>). The encryption itself runs where values are encoded and decoded.
/// </summary>
public sealed class EncryptedFieldsFeature : IModelFeature
{
    /// <summary>The feature name.</summary>
    public const string FeatureName = "encrypted_fields";

    /// <inheritdoc />
    public string Name => FeatureName;

    /// <inheritdoc />
    public void Check(ModelMetadata model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.EncryptedFields.Count == 0)
        {
            throw new ModelDefinitionException($"{model.ClrType.Name} declares [Feature(\"encrypted_fields\")] but no [Encrypted] ConcealedString property.");
        }
    }

    /// <inheritdoc />
    public void OnSaving(SaveContext context)
    {
    }
}
