using Horreum.Migrations.Builtin;

namespace Horreum.Migrations.FaultHost;

/// <summary>The built-in v1 → v2 upgrade of the fault records, an id per round (the test reseeds v1 data each round).</summary>
public sealed class FaultUpgrade(int round) : SerializerUpgradeMigration<FaultRecord>
{
    public override string Id => $"20250301_000000_fault_upgrade_r{round}";
}

/// <summary>The built-in rename of the fault records: odd rounds move stamp to legacy_stamp, even rounds move it back.</summary>
public sealed class FaultRename(int round) : RenameFieldMigration<FaultRecord>
{
    public override string Id => $"20250301_000000_fault_rename_r{round}";

    protected override string OldField => round % 2 == 1 ? "stamp" : "legacy_stamp";

    protected override string NewField => round % 2 == 1 ? "legacy_stamp" : "stamp";
}
