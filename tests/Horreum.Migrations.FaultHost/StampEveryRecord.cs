using System.Text;
using Horreum.Orm.Transport;

namespace Horreum.Migrations.FaultHost;

/// <summary>
/// Sets Status to the round's value and Stamp to a value of this process on every record it reads, with field
/// backups on (typed, or byte-level with <c>UseStoredBytes</c>). A run resumed after a kill rewrites the records the
/// killed run changed after its last checkpoint, backing them up again: their newest backup holds the killed run's
/// stamp, and only the earliest one holds the value from before the migration.
/// </summary>
public sealed class StampEveryRecord(int round, bool storedBytes) : PipelineMigration<FaultRecord>
{
    private readonly string _stamp = $"r{round}-pid{Environment.ProcessId}";
    private readonly byte[] _storedStatus = Encoding.UTF8.GetBytes($"\"r{round}\"");
    private readonly byte[] _storedStamp = Encoding.UTF8.GetBytes($"\"r{round}-pid{Environment.ProcessId}\"");

    public override string Id => $"20250302_000000_stamp_r{round}";

    public override string Description => $"status and a per-process stamp, round {round} ({(storedBytes ? FaultKind.StampBytes : FaultKind.StampTyped)})";

    protected override bool UseStoredBytes => storedBytes;

    protected override bool ShouldProcess(FaultRecord record) => true;

    protected override FieldChanges BuildUpdate(FaultRecord record) =>
        new FieldChanges().Set(nameof(FaultRecord.Status), FaultMigrations.Target(round)).Set(nameof(FaultRecord.Stamp), _stamp);

    protected override void TransformStored(BulkRecord record, BulkChanges changes)
    {
        changes.Set("status"u8, _storedStatus);
        changes.Set("stamp"u8, _storedStamp);
    }
}
