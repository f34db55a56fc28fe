namespace Horreum.Benchmarks;

/// <summary>Which migration kind an engine approach runs (each through <c>MigrationRunner</c> on the record pass).</summary>
public enum EngineKind
{
    /// <summary><c>PipelineMigration</c> with <c>UseStoredBytes</c>: score + 1 on the stored digits.</summary>
    Bytes,

    /// <summary><c>PipelineMigration</c> over <see cref="BenchUser"/> objects: score + 1.</summary>
    Typed,

    /// <summary><c>ModelMigration</c> written as the docs show: <c>ProcessRecordAsync</c> + <c>WriteFieldsAsync</c>, score + 1.</summary>
    Model,

    /// <summary>The built-in <c>SerializerUpgradeMigration</c> over v1 records of 5 fields (<see cref="BenchUserV1"/>).</summary>
    V1ToV2,
}
