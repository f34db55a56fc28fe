using System.Diagnostics;
using Horreum.Orm.Collections;
using Horreum.Orm.Features;
using Horreum.Orm.Instrumentation;
using Horreum.Orm.Modeling;
using Horreum.Orm.Serialization;
using StackExchange.Redis;

namespace Horreum.Orm;

/// <summary>
/// Saves and loads records of <typeparamref name="T"/> as Redis hashes at <c>{prefix}:{id}:object</c>, one field per
/// property holding the value's JSON text. Obtain it from <see cref="HorreumClient.Repository{T}"/>.
/// </summary>
/// <typeparam name="T">The model class.</typeparam>
public sealed partial class ModelRepository<T>
    where T : class
{
    private readonly HorreumClient _client;
    private readonly IReadOnlyList<IModelFeature> _features;

    internal ModelRepository(HorreumClient client)
    {
        _client = client;
        Model = ModelMetadata.For<T>(client.Options.Profile);
        Keys = new ModelKeys(Model, client.Options.KeyNamespace);
        Codec = client.CodecFor(Model);
        _features = client.Options.Features.Resolve(Model);
    }

    /// <summary>The model's metadata.</summary>
    public ModelMetadata Model { get; }

    /// <summary>The model's keys under the client's namespace.</summary>
    public ModelKeys Keys { get; }

    private IDatabase Db => _client.Database;

    /// <summary>On the RESP pipeline, how many windows of a save-many call may wait for their replies at once.</summary>
    private int WindowsInFlight => _client.Options.PipelineDepth;

    /// <summary>
    /// One single-key read through StackExchange.Redis, announced to the notifier. StackExchange.Redis reports an error
    /// reply bare (the server's text only); here a NOPERM or WRONGTYPE names the command and the key.
    /// </summary>
    private async Task<TReply> ReadAsync<TReply>(string command, string key, Func<IDatabase, Task<TReply>> read)
    {
        Notifier.Command(command, key);
        try
        {
            return await read(Db).ConfigureAwait(false);
        }
        catch (RedisServerException ex)
        {
            throw new Transport.RedisReplyException(command, key, ex.Message, ex);
        }
    }

    private Notifier Notifier => _client.Notifier;

    /// <summary>The value codec of the model's storage profile.</summary>
    public IValueCodec Codec { get; }

    /// <summary>The object hash key of a record with identifier <paramref name="id"/>.</summary>
    public string KeyFor(object id) => Keys.ObjectKey(Model.RawId(id));

    /// <summary>
    /// Saves the whole record in one MULTI: sets every non-null field, removes fields whose property is null,
    /// applies feature work (expiration), and records the id in <c>{prefix}:instances</c>.
    /// </summary>
    /// <exception cref="FieldEncodeException">A value cannot be encoded; nothing was written.</exception>
    public async Task SaveAsync(T record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        await WriteRecordAsync(record, fields: null, create: false, "save", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates the record; fails atomically (nothing written) when it already exists.</summary>
    /// <exception cref="RecordExistsException">The record exists.</exception>
    public async Task CreateAsync(T record, CancellationToken cancellationToken = default)
    {
        if (!await TryCreateAsync(record, cancellationToken).ConfigureAwait(false))
        {
            throw RecordExistsException.ForKey(Keys.ObjectKey(Model.IdOf(record)));
        }
    }

    /// <summary>Creates the record unless it exists; false (nothing written) when it exists.</summary>
    public async Task<bool> TryCreateAsync(T record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        return await WriteRecordAsync(record, fields: null, create: true, "create", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Saves only the named properties (CLR or storage names) in one MULTI; a null value removes its field.
    /// </summary>
    public async Task SaveFieldsAsync(T record, IEnumerable<string> properties, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(properties);
        var fields = new List<FieldMetadata>();
        foreach (var name in properties)
        {
            fields.Add(Model.FindField(name)
                ?? throw new ArgumentException($"{typeof(T).Name} has no persistent property or field named '{name}'.", nameof(properties)));
        }
        // The schema describes the whole record, and the context of a partial save holds only the named fields.
        ThrowIfSchemaInvalid(record);
        await WriteRecordAsync(record, fields, create: false, "save-fields", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Loads a record; null when it does not exist.</summary>
    /// <exception cref="FieldDecodeException">A stored value is not valid for its property type.</exception>
    public async Task<T?> LoadAsync(object id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        cancellationToken.ThrowIfCancellationRequested();
        var rawId = Model.RawId(id);
        var key = Keys.ObjectKey(rawId);
        var entries = await ReadAsync("HGETALL", key, db => db.HashGetAllAsync(key)).ConfigureAwait(false);
        if (entries.Length == 0)
        {
            return null;
        }
        var record = (T)Model.CreateInstance();
        Populate(record, rawId, key, entries);
        Notifier.Lifecycle(typeof(T), rawId, LifecycleKind.Loaded);
        return record;
    }

    /// <summary>Whether a record with this identifier exists.</summary>
    public async Task<bool> ExistsAsync(object id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        cancellationToken.ThrowIfCancellationRequested();
        var key = KeyFor(id);
        return await ReadAsync("EXISTS", key, db => db.KeyExistsAsync(key)).ConfigureAwait(false);
    }

    /// <summary>Reloads <paramref name="record"/> from Redis; false (record untouched) when it no longer exists.</summary>
    public async Task<bool> RefreshAsync(T record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        cancellationToken.ThrowIfCancellationRequested();
        var rawId = Model.IdOf(record);
        var key = Keys.ObjectKey(rawId);
        var entries = await ReadAsync("HGETALL", key, db => db.HashGetAllAsync(key)).ConfigureAwait(false);
        if (entries.Length == 0)
        {
            return false;
        }
        // The marks of the old values go; a fresh instance (load, decode) has none to forget.
        UnreadableFields.Clear(record);
        Populate(record, rawId, key, entries);
        Notifier.Lifecycle(typeof(T), rawId, LifecycleKind.Refreshed);
        return true;
    }

    /// <summary>Destroys a record: its hash, every related key and its instances entry, in one MULTI.</summary>
    /// <returns>Whether the object hash existed.</returns>
    public Task<bool> DestroyAsync(T record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        return DestroyByIdAsync(Model.IdOf(record), cancellationToken);
    }

    /// <summary>Destroys the record with identifier <paramref name="id"/> (see <see cref="DestroyAsync(T, CancellationToken)"/>).</summary>
    public async Task<bool> DestroyByIdAsync(object id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        cancellationToken.ThrowIfCancellationRequested();
        var rawId = Model.RawId(id);
        var key = Keys.ObjectKey(rawId);
        Destroying(rawId, key);
        for (var attempt = 1; ; attempt++)
        {
            // The features read the indexed values and participations first, so the destroy leaves no index entry behind.
            var write = await PlanFeaturesAsync(rawId, rawId, key, values: null, removed: null, partial: false).ConfigureAwait(false);
            var commands = new List<KeyedCommand> { KeyedCommand.Delete(key) };
            // One DEL per related key: a multi-key DEL would span hash slots on a cluster.
            commands.AddRange(Model.Related.Select(r => KeyedCommand.Delete(Keys.RelatedKey(rawId, r.Name))));
            commands.Add(KeyedCommand.SortedSetRemove(Keys.InstancesKey, rawId));
            foreach (var command in commands)
            {
                Notifier.Command(command.Name, command.Key);
            }
            if (write is not null)
            {
                commands.AddRange(write.Commands);
            }
            var sw = Stopwatch.StartNew();
            var replies = await ExecuteAsync(commands, key, Conditions(null, write), "destroy").ConfigureAwait(false);
            Notifier.Pipeline("destroy", commands.Count, sw.Elapsed);
            if (replies is null)
            {
                ThrowIfRetriesExhausted(attempt, key);
                continue;
            }
            Notifier.Lifecycle(typeof(T), rawId, LifecycleKind.Destroyed);
            // The first command is the DEL of the object hash: its count says whether the record existed.
            return (long)replies[0] > 0;
        }
    }

    /// <summary>The number of records in <c>{prefix}:instances</c>.</summary>
    public async Task<long> CountAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return await ReadAsync("ZCARD", Keys.InstancesKey, db => db.SortedSetLengthAsync(Keys.InstancesKey)).ConfigureAwait(false);
    }

    /// <summary>Binds the record's related collections to their keys without writing anything.</summary>
    public T Attach(T record)
    {
        ArgumentNullException.ThrowIfNull(record);
        BindRelated(record, Model.IdOf(record));
        return record;
    }

    /// <summary>The encoded form of <paramref name="record"/>: storage name → JSON text, null properties left out.</summary>
    /// <exception cref="FieldEncodeException">A value cannot be encoded.</exception>
    public IReadOnlyDictionary<string, string> Encode(T record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var rawId = Model.IdOf(record);
        var texts = EncodeTexts(record, rawId, Keys.ObjectKey(rawId), Model.Fields, out _, out _);
        return ByStorageName(Model.Fields, texts);
    }
}
