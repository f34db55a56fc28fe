namespace Horreum.Migrations.Engine;

/// <summary>What a migration's scan needs from the run: checkpointing, progress, throttle.</summary>
internal sealed record ScanSettings(
    int CheckpointEvery,
    string? RunId,
    IProgress<MigrationProgress>? Progress,
    double? MaxRecordsPerSecond,
    TimeSpan ProgressLogInterval)
{
    public static readonly ScanSettings None = new(0, null, null, null, TimeSpan.FromSeconds(5));
}
