using Horreum.Migrations.Engine;

namespace Horreum.Migrations.Tests.Safety;

/// <summary>Counts its applications in a Redis counter (the side effect that must happen once) and takes its time.</summary>
internal sealed class CountingMigration(string id, string ns, TimeSpan duration) : BaseMigration
{
    public override string Id => id;
    public override string Description => "counts applications of " + id;

    public string CounterKey => $"{ns}:applied_count:{id}";

    protected override async Task MigrateAsync(MigrationContext context, CancellationToken cancellationToken)
    {
        await context.WriteAsync("INCR " + CounterKey, db => db.StringIncrementAsync(CounterKey), cancellationToken);
        await Task.Delay(duration, cancellationToken);
    }
}

/// <summary>Version 1 of an applied migration.</summary>
internal sealed class EditedMigrationV1 : BaseMigration
{
    public override string Id => "20250401_000000_edited";
    public override string Description => "edited later";
    protected override Task MigrateAsync(MigrationContext context, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>The same id with different code: what an edit of an applied migration looks like to the checksum.</summary>
internal sealed class EditedMigrationV2 : BaseMigration
{
    public override string Id => "20250401_000000_edited";
    public override string Description => "edited later";
    protected override Task MigrateAsync(MigrationContext context, CancellationToken cancellationToken)
    {
        context.TrackStat("edited");
        return Task.CompletedTask;
    }
}

/// <summary>Reports on the caller's thread, so a test sees every event in order.</summary>
internal sealed class SyncProgress(Action<MigrationProgress> report) : IProgress<MigrationProgress>
{
    public void Report(MigrationProgress value) => report(value);
}
