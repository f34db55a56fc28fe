using Horreum.Migrations.Engine;

namespace Horreum.Migrations.FaultHost;

/// <summary>The Model kinds of <see cref="SetStatus"/>: per-record code writing with <c>WriteFieldsAsync</c>, typed or over the raw hash.</summary>
public sealed class SetStatusModel(int round, bool raw) : ModelMigration<FaultRecord>
{
    public override string Id => $"20250301_000000_set_status_r{round}";

    public override string Description => $"status and stamp of round {round} ({(raw ? FaultKind.RawModel : FaultKind.TypedModel)})";

    protected override bool BackupChangedFields => false;

    protected override bool UseRawHash => raw;

    public string Target => FaultMigrations.Target(round);

    protected override async Task ProcessRecordAsync(FaultRecord record, string key, MigrationContext context, CancellationToken cancellationToken)
    {
        if (record.Status != Target || record.Stamp != Target)
        {
            await WriteFieldsAsync(context, key, Change(), cancellationToken);
        }
    }

    protected override async Task ProcessRawRecordAsync(string key, IReadOnlyDictionary<string, string?> hash, MigrationContext context, CancellationToken cancellationToken)
    {
        var json = $"\"{Target}\"";
        if (hash.GetValueOrDefault("status") != json || hash.GetValueOrDefault("stamp") != json)
        {
            await WriteFieldsAsync(context, key, Change(), cancellationToken);
        }
    }

    private FieldChanges Change() => new FieldChanges().Set(nameof(FaultRecord.Status), Target).Set(nameof(FaultRecord.Stamp), Target);
}
