using System.Reflection;
using Horreum.Migrations.Engine;
using Horreum.Orm;

namespace Horreum.Migrations.Hosting;

/// <summary>Settings of <c>services.AddHorreum(...)</c>.</summary>
public sealed class HorreumHostingOptions
{
    /// <summary>
    /// Where Redis is: a Redis URL (<c>redis://[user:password@]host:port/db</c>, <c>rediss://</c> for TLS with the
    /// certificates in <see cref="HorreumOptions.Tls"/> of <see cref="Client"/>) or a StackExchange.Redis configuration
    /// string (<c>127.0.0.1:6379,password=…</c>). Default null: <c>REDIS_URL</c>, else <c>REDIS_HOST</c>/<c>REDIS_PORT</c>/
    /// <c>REDIS_USERNAME</c>/<c>REDIS_PASSWORD</c>/<c>REDIS_DATABASE</c>/<c>REDIS_TLS</c>. Not needed when an
    /// <c>IConnectionMultiplexer</c> is registered in the container already.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>The mapper settings (key namespace, read mode, batch size...).</summary>
    public HorreumOptions Client { get; } = new();

    /// <summary>A namespace before every model key (shortcut for <see cref="HorreumOptions.KeyNamespace"/>).</summary>
    public string? KeyNamespace
    {
        get => Client.KeyNamespace;
        set => Client.KeyNamespace = value;
    }

    /// <summary>Runner settings: registry, lock, checkpoints. The logger is set from the container.</summary>
    public MigrationRunnerOptions Runner { get; } = new();

    /// <summary>The registry prefix (shortcut for <see cref="MigrationRunnerOptions.Registry"/>'s Prefix).</summary>
    public string RegistryPrefix
    {
        get => Runner.Registry.Prefix;
        set => Runner.Registry.Prefix = value;
    }

    /// <summary>How long <see cref="StartupMigrationPolicy.Wait"/> waits for the lock. Default: 10 minutes.</summary>
    public TimeSpan LockWaitTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Assemblies scanned for migrations.</summary>
    public IList<Assembly> MigrationAssemblies { get; } = [];

    /// <summary>Migration instances added directly.</summary>
    public IList<Migration> Migrations { get; } = [];

    /// <summary>Every migration: discovered from <see cref="MigrationAssemblies"/> plus <see cref="Migrations"/>.</summary>
    public IReadOnlyList<Migration> ResolveMigrations() =>
        [.. Discovery.MigrationDiscovery.FromAssemblies([.. MigrationAssemblies]), .. Migrations];
}
