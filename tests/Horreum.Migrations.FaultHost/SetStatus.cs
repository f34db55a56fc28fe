namespace Horreum.Migrations.FaultHost;

/// <summary>
/// Sets Status and Stamp to the round's value on every record, in one HSET per record, so a record is either wholly
/// migrated or not at all. Each round has its own id, so one seeded dataset serves many rounds.
/// </summary>
public sealed class SetStatus(int round) : PipelineMigration<FaultRecord>
{
    public override string Id => $"20250301_000000_set_status_r{round}";

    public override string Description => "status and stamp of round " + round;

    protected override bool BackupChangedFields => false;

    public string Target => "r" + round;

    protected override bool ShouldProcess(FaultRecord record) => record.Status != Target || record.Stamp != Target;

    protected override FieldChanges BuildUpdate(FaultRecord record) =>
        new FieldChanges().Set(nameof(FaultRecord.Status), Target).Set(nameof(FaultRecord.Stamp), Target);
}
