namespace Horreum.Migrations.Registry;

/// <summary>
/// What the runner recorded about each migration, to read (in the spirit of EF Core's history repository): status
/// and metadata, the history, field backups and checkpoints. The runner writes it itself, each event one atomic
/// write of metadata, the done set and the history, so a crash never leaves them disagreeing.
/// </summary>
public interface IMigrationRegistry
{
    /// <summary>The keys this registry uses (the lock and checkpoints share their hash tag).</summary>
    RegistryKeys Keys { get; }

    /// <summary>The metadata of one migration; null when nothing was ever recorded for it.</summary>
    /// <param name="migrationId">The migration.</param>
    /// <param name="cancellationToken">Checked before reading.</param>
    Task<MigrationRecord?> GetAsync(string migrationId, CancellationToken cancellationToken = default);

    /// <summary>The metadata of every migration ever recorded, ordinal id order.</summary>
    /// <param name="cancellationToken">Checked before reading.</param>
    Task<IReadOnlyList<MigrationRecord>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Ids of done migrations (applied or not applicable), in the order they were recorded.</summary>
    /// <param name="cancellationToken">Checked before reading.</param>
    Task<IReadOnlyList<string>> GetDoneIdsAsync(CancellationToken cancellationToken = default);

    /// <summary>The newest history events, oldest first.</summary>
    /// <param name="count">At most this many.</param>
    /// <param name="cancellationToken">Checked before reading.</param>
    Task<IReadOnlyList<RegistryEvent>> GetHistoryAsync(int count = 100, CancellationToken cancellationToken = default);

    /// <summary>The field backups of a migration, without changing anything (for a rollback dry run).</summary>
    /// <param name="migrationId">The migration.</param>
    /// <param name="cancellationToken">Checked before reading.</param>
    Task<IReadOnlyList<FieldBackup>> ListBackupsAsync(string migrationId, CancellationToken cancellationToken = default);

    /// <summary>The checkpoint of an interrupted migration (state and journal); null when there is none.</summary>
    /// <param name="migrationId">The migration.</param>
    /// <param name="cancellationToken">Checked before reading.</param>
    Task<MigrationCheckpoint?> GetCheckpointAsync(string migrationId, CancellationToken cancellationToken = default);
}
