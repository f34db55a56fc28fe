namespace Horreum.Migrations.FaultHost;

/// <summary>
/// The migration kinds the fault tests kill and resume. The first five set Status and Stamp (round <c>r</c> of that
/// test runs kind <c>r % 5</c>); the built-ins have their own test and data.
/// </summary>
public enum FaultKind
{
    /// <summary><see cref="PipelineMigration{T}"/> with <c>UseStoredBytes</c>.</summary>
    StoredBytes,

    /// <summary><see cref="PipelineMigration{T}"/> over decoded objects.</summary>
    TypedPipeline,

    /// <summary><see cref="PipelineMigration{T}"/> over raw hashes (the built-ins' kind).</summary>
    RawPipeline,

    /// <summary><see cref="ModelMigration{T}"/> over decoded objects, writing with <c>WriteFieldsAsync</c>.</summary>
    TypedModel,

    /// <summary><see cref="ModelMigration{T}"/> over raw hashes.</summary>
    RawModel,

    /// <summary>The built-in v1 → v2 upgrade (<see cref="Builtin.SerializerUpgradeMigration{T}"/>) over v1 records.</summary>
    SerializerUpgrade,

    /// <summary>The built-in rename (<see cref="Builtin.RenameFieldMigration{T}"/>): odd rounds stamp → legacy_stamp, even rounds back.</summary>
    RenameField,

    /// <summary><see cref="StampEveryRecord"/>, typed: rewrites every record it reads, with field backups.</summary>
    StampTyped,

    /// <summary><see cref="StampEveryRecord"/> with <c>UseStoredBytes</c>.</summary>
    StampBytes,
}
