using System.Text;
using Horreum.Orm.Transport;

namespace Horreum.Migrations.FaultHost;

/// <summary>
/// Sets Status and Stamp to the round's value on every record, in one HSET per record, so a record is either wholly
/// migrated or not at all. Each round has its own id, so one seeded dataset serves many rounds. The Pipeline kinds:
/// byte-level (<c>UseStoredBytes</c>), typed, or over the raw hash.
/// </summary>
public sealed class SetStatus(int round, FaultKind kind) : PipelineMigration<FaultRecord>
{
    private readonly byte[] _stored = Encoding.UTF8.GetBytes($"\"r{round}\"");

    public override string Id => $"20250301_000000_set_status_r{round}";

    public override string Description => $"status and stamp of round {round} ({kind})";

    protected override bool BackupChangedFields => false;

    protected override bool UseStoredBytes => kind == FaultKind.StoredBytes;

    protected override bool UseRawHash => kind == FaultKind.RawPipeline;

    public string Target => FaultMigrations.Target(round);

    protected override bool ShouldProcess(FaultRecord record) => record.Status != Target || record.Stamp != Target;

    protected override FieldChanges BuildUpdate(FaultRecord record) =>
        new FieldChanges().Set(nameof(FaultRecord.Status), Target).Set(nameof(FaultRecord.Stamp), Target);

    protected override FieldChanges BuildRawUpdate(string key, IReadOnlyDictionary<string, string?> hash, Engine.MigrationContext context)
    {
        var json = $"\"{Target}\"";
        return hash.GetValueOrDefault("status") == json && hash.GetValueOrDefault("stamp") == json
            ? FieldChanges.None
            : new FieldChanges().Set(nameof(FaultRecord.Status), Target).Set(nameof(FaultRecord.Stamp), Target);
    }

    protected override void TransformStored(BulkRecord record, BulkChanges changes)
    {
        if (!record.TryGetValue("status"u8, out var status) || !status.SequenceEqual(_stored)
            || !record.TryGetValue("stamp"u8, out var stamp) || !stamp.SequenceEqual(_stored))
        {
            changes.Set("status"u8, _stored);
            changes.Set("stamp"u8, _stored);
        }
    }
}
