namespace Horreum.Migrations.Registry;

/// <summary>
/// The Redis keys of the registry and the lock. Every key starts with the hash tag <c>{prefix}</c>, so all of them
/// live in one Cluster slot and one script or MULTI may touch several.
/// </summary>
public sealed class RegistryKeys
{
    private readonly string _tag;

    /// <summary>Creates the key set for a prefix.</summary>
    /// <param name="prefix">The registry prefix, e.g. <c>horreum:migrations</c>; must not contain '{' or '}'.</param>
    public RegistryKeys(string prefix)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        if (prefix.AsSpan().IndexOfAny('{', '}') >= 0)
        {
            throw new ArgumentException($"The registry prefix '{prefix}' must not contain '{{' or '}}': the registry wraps it in a hash tag itself.", nameof(prefix));
        }
        Prefix = prefix;
        _tag = "{" + prefix + "}";
    }

    /// <summary>The prefix, without braces.</summary>
    public string Prefix { get; }

    /// <summary>Sorted set of done migration ids (applied or not applicable), scored by epoch milliseconds.</summary>
    public string Applied => _tag + ":applied";

    /// <summary>Hash of migration id to its metadata JSON.</summary>
    public string Metadata => _tag + ":meta";

    /// <summary>List of history events (JSON), oldest first, capped.</summary>
    public string History => _tag + ":history";

    /// <summary>The runner lock.</summary>
    public string Lock => _tag + ":lock";

    /// <summary>Hash of model name to fingerprint, for drift.</summary>
    public string Fingerprints => _tag + ":fingerprints";

    /// <summary>
    /// Hash of field backups of one migration, first value wins: what <c>backup_and_modify_field</c> writes, and
    /// where versions before the backup log kept every backup. Read together with <see cref="BackupLog"/>.
    /// </summary>
    /// <param name="migrationId">The migration.</param>
    public string Backup(string migrationId) => _tag + ":backup:" + migrationId;

    /// <summary>
    /// List of one migration's field backups as the record pass writes them: one element per page, appended in
    /// order; the earliest entry of a key and field is its value from before the migration.
    /// </summary>
    /// <param name="migrationId">The migration.</param>
    public string BackupLog(string migrationId) => _tag + ":backuplog:" + migrationId;

    /// <summary>Checkpoint of one migration's scan.</summary>
    /// <param name="migrationId">The migration.</param>
    public string Checkpoint(string migrationId) => _tag + ":checkpoint:" + migrationId;
}
