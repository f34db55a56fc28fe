using Horreum.Migrations.Locking;
using Horreum.Migrations.Registry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Horreum.Migrations.Engine;

/// <summary>Runner settings.</summary>
public sealed class MigrationRunnerOptions
{
    /// <summary>Registry prefix, backup TTL, host and app version.</summary>
    public MigrationRegistryOptions Registry { get; set; } = new();

    /// <summary>Where the run logs (default: nowhere).</summary>
    public ILogger Logger { get; set; } = NullLogger.Instance;

    /// <summary>How many failing record keys a result lists (default 20; all are counted).</summary>
    public int ErrorListLimit { get; set; } = 20;

    /// <summary>
    /// Models whose fingerprints are stored after every successful real run (for model drift), besides the models
    /// the Model/Pipeline migrations name.
    /// </summary>
    public IList<Type> Models { get; } = [];

    /// <summary>The runner lock: TTL, heartbeat, wait or fail fast, takeover of dead local holders.</summary>
    public MigrationLockOptions Lock { get; set; } = new();

    /// <summary>
    /// Model and Pipeline migrations save their SCAN cursor and counts after at least this many records (default
    /// 10,000), so an interrupted real run resumes there; 0 turns checkpoints off.
    /// </summary>
    public int CheckpointEvery { get; set; } = 10_000;

    /// <summary>How often progress is logged while a migration scans (default 5 s; every page goes to IProgress).</summary>
    public TimeSpan ProgressLogInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Throws <see cref="ArgumentException"/> for out-of-range settings.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Registry);
        ArgumentNullException.ThrowIfNull(Logger);
        ArgumentNullException.ThrowIfNull(Lock);
        Registry.Validate();
        Lock.Validate();
        if (CheckpointEvery < 0)
        {
            throw new ArgumentException($"CheckpointEvery must be 0 (off) or positive, not {CheckpointEvery}.");
        }
        if (ProgressLogInterval < TimeSpan.Zero)
        {
            throw new ArgumentException($"ProgressLogInterval cannot be negative ({ProgressLogInterval}).");
        }
        if (ErrorListLimit is < 0 or > 10_000)
        {
            throw new ArgumentException($"ErrorListLimit must be 0..10000, not {ErrorListLimit}.");
        }
    }
}
