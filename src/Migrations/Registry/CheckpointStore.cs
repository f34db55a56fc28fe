using System.Text.Json;
using Horreum.Migrations.Lua;
using StackExchange.Redis;

namespace Horreum.Migrations.Registry;

/// <summary>
/// A migration's checkpoint hash (<see cref="RegistryKeys.Checkpoint"/>): the saved state (cursor and counts) and
/// the journal of the pages written since, each page one field. Written awaited here, or the journal queued by the
/// record pass into its page flush, before the data it journals.
/// </summary>
internal sealed class CheckpointStore(IDatabase db, RegistryKeys keys, LuaCatalog scripts)
{
    private const string CheckpointStateField = "state";
    private readonly IDatabase _db = db;
    private readonly LuaCatalog _scripts = scripts;

    private RegistryKeys Keys => keys;

    /// <summary>See <see cref="IMigrationRegistry"/>.</summary>
    public async Task<MigrationCheckpoint?> GetCheckpointAsync(string migrationId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(migrationId);
        cancellationToken.ThrowIfCancellationRequested();
        var entries = await _db.HashGetAllAsync(Keys.Checkpoint(migrationId)).ConfigureAwait(false);
        if (entries.Length == 0)
        {
            return null;
        }
        MigrationCheckpoint? state = null;
        var journal = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var name = (string)entry.Name!;
            if (name == CheckpointStateField)
            {
                state = RegistryJson.Deserialize<MigrationCheckpoint>(entry.Value, "checkpoint:" + migrationId, Keys.Prefix);
            }
            else if (name.StartsWith(JournalCodec.PageFieldPrefix, StringComparison.Ordinal))
            {
                foreach (var (key, fields) in JournalCodec.Decode((byte[])entry.Value!))
                {
                    journal[key] = fields;
                }
            }
            else if (name.StartsWith(JournalCodec.RecordFieldPrefix, StringComparison.Ordinal))
            {
                // Written by versions before page entries.
                journal[name[JournalCodec.RecordFieldPrefix.Length..]] = (long)entry.Value;
            }
        }
        // Only a journal: the run was killed before its first checkpoint; it resumes from the start.
        return (state ?? new MigrationCheckpoint()) with { Journal = journal };
    }

    /// <summary>See <see cref="IMigrationRegistry"/>.</summary>
    public async Task SaveCheckpointAsync(string migrationId, MigrationCheckpoint checkpoint, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(migrationId);
        ArgumentNullException.ThrowIfNull(checkpoint);
        var json = JsonSerializer.Serialize(checkpoint, RegistryJson.Options);
        await _scripts.EvaluateAsync(_db, RegistryScripts.CheckpointName, [Keys.Checkpoint(migrationId)], [json], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>See <see cref="IMigrationRegistry"/>.</summary>
    public async Task JournalChangesAsync(string migrationId, IReadOnlyCollection<KeyValuePair<string, long>> changes, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(migrationId);
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.Count == 0)
        {
            return;
        }
        cancellationToken.ThrowIfCancellationRequested();
        await _db.HashSetAsync(Keys.Checkpoint(migrationId), JournalCodec.NewPageField(), JournalCodec.Encode(changes)).ConfigureAwait(false);
    }

    /// <summary>See <see cref="IMigrationRegistry"/>.</summary>
    public async Task<bool> DeleteCheckpointAsync(string migrationId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(migrationId);
        cancellationToken.ThrowIfCancellationRequested();
        return await _db.KeyDeleteAsync(Keys.Checkpoint(migrationId)).ConfigureAwait(false);
    }

    /// <summary>
    /// Queues on a RESP connection what <see cref="JournalChangesAsync"/> sends (one page field in the checkpoint hash):
    /// the bulk engine puts it on the same connection as, and before, the data writes it journals.
    /// </summary>
    public void QueueJournal(Horreum.Orm.Transport.ICommandWriter connection, string migrationId, IReadOnlyList<KeyValuePair<string, long>> changes) =>
        QueueJournal(connection, migrationId, JournalCodec.Encode(changes));

    /// <summary>Queues one page's journal entry, already encoded (<see cref="JournalCodec"/>).</summary>
    public void QueueJournal(Horreum.Orm.Transport.ICommandWriter connection, string migrationId, ReadOnlySpan<byte> page)
    {
        connection.BeginCommand("HSET", 3);
        connection.WriteKey(Keys.Checkpoint(migrationId));
        connection.WriteArgument(JournalCodec.NewPageField());
        connection.WriteArgument(page);
    }
}
