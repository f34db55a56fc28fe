namespace Horreum.Migrations.Drift;

/// <summary>What changed in a model between two fingerprints.</summary>
internal enum ModelChangeKind
{
    /// <summary>A model that had no fingerprint.</summary>
    ModelAdded,

    /// <summary>A fingerprinted model that is no longer loaded.</summary>
    ModelRemoved,

    /// <summary>A new field.</summary>
    FieldAdded,

    /// <summary>A field that went away (its data stays in Redis).</summary>
    FieldRemoved,

    /// <summary>A removed field and an added field of the same type: probably a rename.</summary>
    FieldRenamed,

    /// <summary>The same property now stored under another field name.</summary>
    StorageNameChanged,

    /// <summary>The same field with another CLR type.</summary>
    TypeChanged,

    /// <summary>Features, prefix or related structures changed.</summary>
    ShapeChanged,
}

/// <summary>One model change.</summary>
/// <param name="Kind">What changed.</param>
/// <param name="Model">The model (full class name).</param>
/// <param name="Field">The (new) storage name, when about a field.</param>
/// <param name="OldField">The old storage name (renames).</param>
/// <param name="OldType">The old type.</param>
/// <param name="NewType">The new type.</param>
/// <param name="Detail">For people.</param>
internal sealed record ModelChange(ModelChangeKind Kind, string Model, string? Field, string? OldField, string? OldType, string? NewType, string Detail)
{
    /// <summary>How much it matters for stored data.</summary>
    public DriftSeverity Severity => Kind switch
    {
        ModelChangeKind.ModelAdded or ModelChangeKind.FieldAdded => DriftSeverity.Additive,
        ModelChangeKind.ModelRemoved or ModelChangeKind.FieldRemoved or ModelChangeKind.ShapeChanged => DriftSeverity.Changed,
        _ => DriftSeverity.Incompatible,
    };
}
