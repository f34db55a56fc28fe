namespace Horreum.Migrations.FaultHost;

/// <summary>The migration kinds the fault tests kill and resume; round <c>r</c> runs kind <c>r % 5</c>.</summary>
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
}
