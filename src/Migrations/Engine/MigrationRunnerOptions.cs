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

    /// <summary>Throws <see cref="ArgumentException"/> for out-of-range settings.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Registry);
        ArgumentNullException.ThrowIfNull(Logger);
        Registry.Validate();
        if (ErrorListLimit is < 0 or > 10_000)
        {
            throw new ArgumentException($"ErrorListLimit must be 0..10000, not {ErrorListLimit}.");
        }
    }
}
