using System.Globalization;
using System.Text.Json;
using Horreum.Migrations.Engine;
using Horreum.Migrations.Lua;
using StackExchange.Redis;

namespace Horreum.Migrations.Registry;

/// <summary>
/// The migration registry in Redis. Layout (all keys under the hash tag <c>{prefix}</c>, see <see cref="RegistryKeys"/>):
/// done set (sorted set, id scored by epoch ms), metadata hash (id to JSON), capped history list (JSON events),
/// and one backup hash per migration, with a TTL.
/// </summary>
internal sealed class RedisMigrationRegistry : IMigrationRegistry
{
    private readonly IDatabase _db;
    private readonly MigrationRegistryOptions _options;
    private readonly TimeProvider _time;
    private readonly LuaCatalog _scripts = new();

    /// <summary>Creates a registry over a database.</summary>
    /// <param name="database">The Redis database.</param>
    /// <param name="options">Settings; defaults when null. Validated here.</param>
    /// <param name="timeProvider">Clock for recorded times; the system clock when null.</param>
    public RedisMigrationRegistry(IDatabase database, MigrationRegistryOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        _db = database;
        _options = options ?? new MigrationRegistryOptions();
        _options.Validate();
        _time = timeProvider ?? TimeProvider.System;
        Keys = new RegistryKeys(_options.Prefix);
        _scripts.Register(RegistryScripts.RecordName, RegistryScripts.Record);
        _scripts.Register(RegistryScripts.CheckpointName, RegistryScripts.Checkpoint);
        _scripts.Register(RegistryScripts.RestampName, RegistryScripts.Restamp);
        History = new HistoryStore(_db, Keys, _scripts, _options, _time);
        Backups = new BackupStore(_db, Keys, _options);
        Checkpoints = new CheckpointStore(_db, Keys, _scripts);
    }

    /// <summary>The field backups (the pass queues its backup commands through it).</summary>
    internal BackupStore Backups { get; }

    /// <summary>Checkpoints and the journal (the pass queues its journal entries through it).</summary>
    internal CheckpointStore Checkpoints { get; }

    /// <summary>The history: done set, metadata and events (the runner records each event through it).</summary>
    internal HistoryStore History { get; }

    /// <inheritdoc />
    public RegistryKeys Keys { get; }

    /// <inheritdoc />
    public Task<MigrationRecord?> GetAsync(string migrationId, CancellationToken cancellationToken = default) =>
        History.GetAsync(migrationId, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<MigrationRecord>> ListAsync(CancellationToken cancellationToken = default) =>
        History.ListAsync(cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> GetDoneIdsAsync(CancellationToken cancellationToken = default) =>
        History.GetDoneIdsAsync(cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<RegistryEvent>> GetHistoryAsync(int count = 100, CancellationToken cancellationToken = default) =>
        History.GetHistoryAsync(count, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<FieldBackup>> ListBackupsAsync(string migrationId, CancellationToken cancellationToken = default) =>
        Backups.ListBackupsAsync(migrationId, cancellationToken);

    /// <inheritdoc />
    public Task<MigrationCheckpoint?> GetCheckpointAsync(string migrationId, CancellationToken cancellationToken = default) =>
        Checkpoints.GetCheckpointAsync(migrationId, cancellationToken);

    /// <summary>Whether this registry lives in <paramref name="database"/> (same connection and database number).</summary>
    internal bool LivesIn(IDatabase database) =>
        ReferenceEquals(database.Multiplexer, _db.Multiplexer) && database.Database == _db.Database;
}
