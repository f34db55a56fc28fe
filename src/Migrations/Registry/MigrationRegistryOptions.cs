using System.Reflection;

namespace Horreum.Migrations.Registry;

/// <summary>Settings of the Redis migration registry.</summary>
public sealed class MigrationRegistryOptions
{
    /// <summary>Key prefix, wrapped in a hash tag: <c>{horreum:migrations}:applied</c>. Default <c>horreum:migrations</c>.</summary>
    public string Prefix { get; set; } = "horreum:migrations";

    /// <summary>How many history events are kept; older ones are trimmed. Default 1000.</summary>
    public int HistoryLimit { get; set; } = 1000;

    /// <summary>How long field backups are kept after their last write. Default 30 days.</summary>
    public TimeSpan BackupTtl { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Recorded as <c>host</c>. Default: the machine name.</summary>
    public string Host { get; set; } = Environment.MachineName;

    /// <summary>Recorded as <c>app_version</c>. Default: the entry assembly's informational version, if any.</summary>
    public string? AppVersion { get; set; } = DefaultAppVersion();

    /// <summary>Throws when a setting is out of range.</summary>
    /// <exception cref="ArgumentException">A setting is invalid; the message names it.</exception>
    public void Validate()
    {
        _ = new RegistryKeys(Prefix);
        if (HistoryLimit < 1)
        {
            throw new ArgumentException($"{nameof(HistoryLimit)} must be at least 1 (was {HistoryLimit}).", nameof(HistoryLimit));
        }
        if (BackupTtl <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{nameof(BackupTtl)} must be positive (was {BackupTtl}).", nameof(BackupTtl));
        }
    }

    private static string? DefaultAppVersion()
    {
        var entry = Assembly.GetEntryAssembly();
        return entry?.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? entry?.GetName().Version?.ToString();
    }
}
