namespace Horreum.Orm.Modeling;

/// <summary>One index a model keeps on a field: unique, multi, or an objid/extid lookup.</summary>
public sealed class IndexMetadata
{
    internal IndexMetadata(FieldMetadata field, string name, IndexKind kind)
    {
        Field = field;
        Name = name;
        Kind = kind;
    }

    /// <summary>The indexed field.</summary>
    public FieldMetadata Field { get; }

    /// <summary>The index name (the key segment after the prefix).</summary>
    public string Name { get; }

    /// <summary>Unique, multi or lookup.</summary>
    public IndexKind Kind { get; }
}
