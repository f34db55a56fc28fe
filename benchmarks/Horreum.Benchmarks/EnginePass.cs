using Horreum.Migrations;
using Horreum.Migrations.Engine;
using Horreum.Orm;
using StackExchange.Redis;

namespace Horreum.Benchmarks;

/// <summary>
/// The full migration pass as users run it: a <see cref="PipelineMigration{T}"/> through <see cref="MigrationRunner"/>
/// (lock, registry, checkpoints every 10,000 records, progress), each record decoded into <see cref="BenchUser"/>,
/// changed, and its one field encoded and written.
/// </summary>
public static class EnginePass
{
    /// <summary>The runner's checkpoint interval (its default, 10,000, unless <c>pass --checkpoint-every</c> says otherwise).</summary>
    public static int CheckpointEvery { get; set; } = new MigrationRunnerOptions().CheckpointEvery;

    /// <summary>HorreumOptions.PipelineDepth for the runs (the library's default unless <c>pass --depth</c>).</summary>
    public static int PipelineDepth { get; set; } = new HorreumOptions().PipelineDepth;

    /// <summary>The migration's page size (SCAN COUNT and records per flush); <c>pass --engine-batch</c>.</summary>
    public static int BenchBatchSize { get; set; } = 500;

    /// <summary>The CA file of a TLS server (<c>pass --tls</c>); null for plain TCP.</summary>
    public static string? CaFile { get; set; }

    /// <summary>Runs the migration once over every <c>bench:*:object</c> hash (v1→v2: every <c>benchv1:*:object</c>); returns the records scanned.</summary>
    /// <param name="mux">The connection.</param>
    /// <param name="transport">RESP pipeline or StackExchange.Redis batches.</param>
    /// <param name="backups">Whether old values are backed up (the default for users; doubles what is written).</param>
    /// <param name="kind">The migration kind.</param>
    public static async Task<long> RunAsync(IConnectionMultiplexer mux, BulkTransportKind transport, bool backups, EngineKind kind)
    {
        var horreumOptions = new HorreumOptions
        {
            BulkTransport = transport,
            PipelineDepth = PipelineDepth,
            Database = kind == EngineKind.V1ToV2 ? BenchData.V1Database : -1,
        };
        horreumOptions.Tls.CaFile = CaFile;
        var client = new HorreumClient(mux, horreumOptions);
        var options = new MigrationRunnerOptions { CheckpointEvery = CheckpointEvery };
        // A fresh registry per run, so the same migration is pending again.
        options.Registry.Prefix = "benchreg" + Guid.NewGuid().ToString("N")[..8];
        Migration migration = kind switch
        {
            EngineKind.Model => new IncrementScoreModel(backups),
            EngineKind.V1ToV2 => new UpgradeV1(backups),
            _ => new IncrementScoreMigration(backups, kind == EngineKind.Bytes),
        };
        var runner = new MigrationRunner(client, [migration], options);
        var run = await runner.RunAsync(new MigrationRunOptions { DryRun = false });
        var result = run.Migrations.Single();
        if (result.Outcome != MigrationState.Applied || result.Transport is null || result.Modified != result.Scanned)
        {
            throw new InvalidOperationException($"The engine pass did not apply to every record: {result.Outcome} {result.Error}, {result.Modified:N0} of {result.Scanned:N0} changed");
        }
        return result.Scanned;
    }

    /// <summary>
    /// The docs' Model kind, in the shape of docs/writing-migrations.md's DeriveEmail line for line: an early return
    /// for records that need nothing (none here), a stat per record, then one field queued with WriteFieldsAsync.
    /// </summary>
    private sealed class IncrementScoreModel(bool backups) : ModelMigration<BenchUser>
    {
        public override string Id => "20260101_000000_increment_score_model";

        public override int BatchSize => BenchBatchSize;

        protected override bool BackupChangedFields => backups;

        protected override async Task ProcessRecordAsync(BenchUser record, string key, MigrationContext context, CancellationToken cancellationToken)
        {
            if (record.Score < 0) return;
            context.TrackStat("scores");
            await WriteFieldsAsync(context, key, new FieldChanges().Set(nameof(BenchUser.Score), record.Score + 1), cancellationToken);
        }
    }

    /// <summary>The built-in v1→v2 upgrade, as users derive it.</summary>
    private sealed class UpgradeV1(bool backups) : Horreum.Migrations.Builtin.SerializerUpgradeMigration<BenchUserV1>
    {
        public override string Id => "20260101_000000_bench_v1_to_v2";

        public override int BatchSize => BenchBatchSize;

        protected override bool BackupChangedFields => backups;
    }

    /// <summary>score + 1 on every record: decoded and encoded by the mapper, or (stored bytes) by the core's transform.</summary>
    private sealed class IncrementScoreMigration(bool backups, bool storedBytes) : PipelineMigration<BenchUser>
    {
        protected override bool UseStoredBytes => storedBytes;

        protected override void TransformStored(Horreum.Orm.Transport.BulkRecord record, Horreum.Orm.Transport.BulkChanges changes) =>
            BenchData.IncrementScore(record, changes);

        public override string Id => "20260101_000000_increment_score";

        public override int BatchSize => BenchBatchSize;

        protected override bool BackupChangedFields => backups;

        protected override bool ShouldProcess(BenchUser record) => true;

        protected override FieldChanges BuildUpdate(BenchUser record) => new FieldChanges().Set(nameof(BenchUser.Score), record.Score + 1);
    }
}
