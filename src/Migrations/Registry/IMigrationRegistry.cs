namespace Horreum.Migrations.Registry;

/// <summary>
/// Where the runner records what happened to each migration (in the spirit of EF Core's history repository).
/// Each Record* call is one atomic write of metadata, the done set and the history, so a crash never leaves
/// them disagreeing.
/// </summary>
public interface IMigrationRegistry
{
    /// <summary>The keys this registry uses (the lock and checkpoints share their hash tag).</summary>
    RegistryKeys Keys { get; }

    /// <summary>Records that a migration ran and changed what it had to; it becomes done.</summary>
    /// <param name="migrationId">The migration.</param>
    /// <param name="summary">What the run measured.</param>
    /// <param name="cancellationToken">Checked before writing.</param>
    /// <returns>The metadata written.</returns>
    Task<MigrationRecord> RecordAppliedAsync(string migrationId, MigrationRunSummary summary, CancellationToken cancellationToken = default);

    /// <summary>Records that a migration found nothing to do; it becomes done, so it is not checked again.</summary>
    /// <param name="migrationId">The migration.</param>
    /// <param name="reason">Why nothing had to be done.</param>
    /// <param name="summary">What the check measured.</param>
    /// <param name="cancellationToken">Checked before writing.</param>
    /// <returns>The metadata written.</returns>
    Task<MigrationRecord> RecordNotApplicableAsync(string migrationId, string reason, MigrationRunSummary summary, CancellationToken cancellationToken = default);

    /// <summary>Records that a migration failed; it is not done, so the next run tries it again.</summary>
    /// <param name="migrationId">The migration.</param>
    /// <param name="errorMessage">What went wrong.</param>
    /// <param name="summary">What the run measured before failing.</param>
    /// <param name="cancellationToken">Checked before writing.</param>
    /// <returns>The metadata written.</returns>
    Task<MigrationRecord> RecordFailedAsync(string migrationId, string errorMessage, MigrationRunSummary summary, CancellationToken cancellationToken = default);

    /// <summary>Records that an applied migration was rolled back; it is no longer done.</summary>
    /// <param name="migrationId">The migration.</param>
    /// <param name="summary">What the rollback measured.</param>
    /// <param name="cancellationToken">Checked before writing.</param>
    /// <returns>The metadata written.</returns>
    /// <exception cref="MigrationNotAppliedException">The migration is not done (checked in the same atomic write); nothing was written.</exception>
    Task<MigrationRecord> RecordRolledBackAsync(string migrationId, MigrationRunSummary summary, CancellationToken cancellationToken = default);

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

    /// <summary>
    /// Saves the value a field had before a migration changes it, appended to the migration's backup log. The first
    /// backup of a key and field wins when the backups are listed or restored, so several changes in one migration
    /// (or a resumed run backing up a record again) still restore the original. Refreshes the backup's TTL.
    /// </summary>
    /// <param name="migrationId">The migration making the change.</param>
    /// <param name="backup">The key, field and old value (null: the field did not exist).</param>
    /// <param name="cancellationToken">Checked before writing.</param>
    /// <returns>True when stored.</returns>
    Task<bool> BackupFieldAsync(string migrationId, FieldBackup backup, CancellationToken cancellationToken = default);

    /// <summary>Saves several field backups in one atomic append; see <see cref="BackupFieldAsync"/>.</summary>
    /// <param name="migrationId">The migration making the changes.</param>
    /// <param name="backups">The backups.</param>
    /// <param name="cancellationToken">Checked before writing.</param>
    /// <returns>How many were stored.</returns>
    Task<long> BackupFieldsAsync(string migrationId, IEnumerable<FieldBackup> backups, CancellationToken cancellationToken = default);

    /// <summary>The field backups of a migration, without changing anything (for a rollback dry run).</summary>
    /// <param name="migrationId">The migration.</param>
    /// <param name="cancellationToken">Checked before reading.</param>
    Task<IReadOnlyList<FieldBackup>> ListBackupsAsync(string migrationId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes every backed-up field back: old values are set, fields that did not exist are deleted. The backup
    /// is removed only after every field was written, so a failed restore can be run again.
    /// </summary>
    /// <param name="migrationId">The migration.</param>
    /// <param name="cancellationToken">Checked before writing.</param>
    Task<BackupRestoreResult> RestoreBackupsAsync(string migrationId, CancellationToken cancellationToken = default);

    /// <summary>Removes a migration's field backups (before a fresh run, or as cleanup).</summary>
    /// <param name="migrationId">The migration.</param>
    /// <param name="cancellationToken">Checked before writing.</param>
    /// <returns>True when there were backups.</returns>
    Task<bool> DeleteBackupsAsync(string migrationId, CancellationToken cancellationToken = default);

    /// <summary>The checkpoint of an interrupted migration (state and journal); null when there is none.</summary>
    /// <param name="migrationId">The migration.</param>
    /// <param name="cancellationToken">Checked before reading.</param>
    Task<MigrationCheckpoint?> GetCheckpointAsync(string migrationId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces a migration's checkpoint with <paramref name="checkpoint"/> (its <see cref="MigrationCheckpoint.Journal"/>
    /// is not stored: the journal restarts empty after the new cursor), in one atomic write.
    /// </summary>
    /// <param name="migrationId">The migration.</param>
    /// <param name="checkpoint">Cursor and counts so far.</param>
    /// <param name="cancellationToken">Checked before writing.</param>
    Task SaveCheckpointAsync(string migrationId, MigrationCheckpoint checkpoint, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds records about to be changed to the checkpoint's journal (object key to fields changed). Call before
    /// sending the changes, on the same connection, so a change never lands without its journal entry.
    /// </summary>
    /// <param name="migrationId">The migration.</param>
    /// <param name="changes">Object keys and their changed-field counts.</param>
    /// <param name="cancellationToken">Checked before writing.</param>
    Task JournalChangesAsync(string migrationId, IReadOnlyCollection<KeyValuePair<string, long>> changes, CancellationToken cancellationToken = default);

    /// <summary>Removes a migration's checkpoint (the scan finished, or its code changed).</summary>
    /// <param name="migrationId">The migration.</param>
    /// <param name="cancellationToken">Checked before writing.</param>
    /// <returns>True when there was one.</returns>
    Task<bool> DeleteCheckpointAsync(string migrationId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Re-stamps the recorded checksum of migrations (<c>repair</c>), all in one atomic write that also appends a
    /// history event per migration. Entries that changed concurrently make the whole write fail.
    /// </summary>
    /// <param name="checksums">Migration id to its new checksum; every id must have a registry entry.</param>
    /// <param name="cancellationToken">Checked before writing.</param>
    /// <returns>What changed, per migration (ids whose checksum was already equal are left out).</returns>
    /// <exception cref="MigrationPreconditionFailedException">An id has no entry, or an entry changed meanwhile.</exception>
    Task<IReadOnlyList<ChecksumRepair>> RestampChecksumsAsync(IReadOnlyDictionary<string, string> checksums, CancellationToken cancellationToken = default);
}
