namespace Horreum.Orm.Modeling;

/// <summary>An <c>[Encrypted]</c> field and the fields bound into its additional authenticated data.</summary>
public sealed class EncryptedFieldMetadata
{
    internal EncryptedFieldMetadata(FieldMetadata field, IReadOnlyList<FieldMetadata> aadFields)
    {
        Field = field;
        AadFields = aadFields;
    }

    /// <summary>The encrypted field (a <see cref="ConcealedString"/> property).</summary>
    public FieldMetadata Field { get; }

    /// <summary>The <c>aad_fields</c>, in declared order (empty: the AAD is the record context alone).</summary>
    public IReadOnlyList<FieldMetadata> AadFields { get; }
}
