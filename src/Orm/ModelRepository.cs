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
        var (values, _) = EncodeFields(record, rawId, Keys.ObjectKey(rawId), Model.Fields);
        return values;
    }

    /// <summary>Builds a record from hash entries as stored (raw id from the key), as a load does.</summary>
    /// <exception cref="FieldDecodeException">A stored value is not valid for its property type.</exception>
    public T Decode(string rawId, IEnumerable<KeyValuePair<string, string?>> entries) => Decode(rawId, entries, _client.Options.ReadMode);

    /// <summary>As <see cref="Decode(string, IEnumerable{KeyValuePair{string, string}})"/>, with an explicit read mode.</summary>
    public T Decode(string rawId, IEnumerable<KeyValuePair<string, string?>> entries, ReadMode mode)
    {
        ArgumentNullException.ThrowIfNull(rawId);
        ArgumentNullException.ThrowIfNull(entries);
        var record = (T)Model.CreateInstance();
        Populate(record, rawId, Keys.ObjectKey(rawId), entries as IReadOnlyList<KeyValuePair<string, string?>> ?? entries.ToArray(), mode);
        return record;
    }

    /// <summary>As <see cref="Decode(string, IEnumerable{KeyValuePair{string, string}}, ReadMode)"/>, for the migration engine's bulk reads (key known).</summary>
    internal T Decode(string rawId, string key, KeyValuePair<string, string?>[] entries, ReadMode mode)
    {
        var record = (T)Model.CreateInstance();
        Populate(record, rawId, key, new PairList(entries), mode, tolerateCorrupt: false); // the engine counts a corrupt field as a record error
        return record;
    }

    private async Task<bool> WriteRecordAsync(T record, IReadOnlyList<FieldMetadata>? fields, bool create, string operation, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        PrepareFeatures(record);
        var rawId = Model.IdOf(record);
        var key = Keys.ObjectKey(rawId);
        var partial = fields is not null;
        // Everything is encoded and checked before the first command, so a bad value leaves Redis untouched.
        var context = PrepareSave(record, rawId, key, fields, partial);
        var (values, removed) = ((Dictionary<string, string>)context.Values, (List<string>)context.RemovedFields);

        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Index upkeep reads the stored values and watches them; a unique value held by another record throws here, before any write.
            var write = await PlanFeaturesAsync(record, rawId, key, values, removed, partial).ConfigureAwait(false);
            var commands = BuildWrites(rawId, key, values, removed, context, addInstance: !partial);
            if (write is not null)
            {
                commands.AddRange(write.Commands);
            }
            var sw = Stopwatch.StartNew();
            var replies = await ExecuteAsync(commands, key, Conditions(create ? Condition.KeyNotExists(key) : null, write), operation).ConfigureAwait(false);
            Notifier.Pipeline(operation, commands.Count, sw.Elapsed);
            if (replies is not null)
            {
                break;
            }
            if (write is null || (create && await Db.KeyExistsAsync(key).ConfigureAwait(false)))
            {
                return false;
            }
            // Another writer changed a watched value (the record or an index) between the read and EXEC: read again.
            ThrowIfRetriesExhausted(attempt, key);
        }
        BindRelated(record, rawId);
        Notifier.Lifecycle(typeof(T), rawId, create ? LifecycleKind.Created : partial ? LifecycleKind.FieldsSaved : LifecycleKind.Saved);
        return true;
    }

    /// <summary>
    /// Stamps the profile's timestamps (whole saves only), encodes the fields and runs the features' save hooks: all
    /// before the first command, so a bad value leaves Redis untouched.
    /// </summary>
    private SaveContext PrepareSave(T record, string rawId, string key, IReadOnlyList<FieldMetadata>? fields, bool partial)
    {
        var now = _client.Options.Clock.GetUtcNow();
        if (!partial)
        {
            Timestamps.Stamp(Model, record, now);
        }
        var (values, removed) = EncodeFields(record, rawId, key, fields ?? Model.Fields);
        var context = new SaveContext(Keys, record, rawId, key, values, removed, partial, Codec, now);
        foreach (var feature in _features)
        {
            feature.OnSaving(context);
        }
        return context;
    }

    /// <summary>
    /// The writes of one save, in order: HMSET of the encoded values, HDEL of nulled fields, the instances index,
    /// and the feature expirations (last, so a key the save creates gets its time to live too). Both transports send
    /// exactly these (see <see cref="KeyedCommand"/>).
    /// </summary>
    private List<KeyedCommand> BuildWrites(string rawId, string key, Dictionary<string, string> values, List<string> removed, SaveContext context, bool addInstance)
    {
        var commands = new List<KeyedCommand>(4);
        if (values.Count > 0)
        {
            commands.Add(KeyedCommand.HashSet(key, values));
        }
        if (removed.Count > 0)
        {
            commands.Add(KeyedCommand.HashDelete(key, removed));
        }
        if (addInstance)
        {
            // Familia scores with Familia.now (float seconds, sub-microsecond); the Horreum profile with milliseconds.
            var score = Model.Profile == StorageProfile.Familia
                ? FamiliaTime.ToEpochSeconds(context.Now)
                : context.Now.ToUnixTimeMilliseconds() / 1000.0;
            commands.Add(KeyedCommand.SortedSetAdd(Keys.InstancesKey, score, rawId));
        }
        foreach (var (expireKey, ttl) in context.Expirations)
        {
            commands.Add(KeyedCommand.Expire(expireKey, ttl));
        }
        foreach (var command in commands)
        {
            Notifier.Command(command.Name, command.Key);
        }
        return commands;
    }

    private void ThrowIfRetriesExhausted(int attempt, string key)
    {
        if (attempt >= MaxAttempts)
        {
            var error = new HorreumException($"'{key}': other writers changed its indexed values or indexes {MaxAttempts} times while it was being written; nothing was written. Try again.");
            Notifier.Error("write", key, error);
            throw error;
        }
    }

    private async Task<RedisResult[]?> ExecuteAsync(IReadOnlyList<KeyedCommand> commands, string key, IReadOnlyList<Condition> conditions, string operation)
    {
        try
        {
            return await AtomicWriter.ExecuteAsync(_client, commands, key, conditions).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Notifier.Error(operation, key, ex);
            throw;
        }
    }

    private (Dictionary<string, string> Values, List<string> Removed) EncodeFields(T record, string rawId, string key, IReadOnlyList<FieldMetadata> fields)
    {
        var values = new Dictionary<string, string>(fields.Count, StringComparer.Ordinal);
        var removed = new List<string>();
        foreach (var field in fields)
        {
            var value = field.GetValue(record);
            if (UnreadableFields.KeepStored(record, field.StorageName, value))
            {
                // A lenient read could not decode it and nobody set it since: the stored value stays as it is.
                continue;
            }
            string? text;
            try
            {
                text = Model.EncryptedFor(field) is { } encrypted && value is ConcealedString concealed
                    ? EncryptField(record, rawId, encrypted, concealed)
                    : Codec.Encode(value, field.Type);
            }
            catch (Exception ex) when (ex is NotSupportedException or System.Text.Json.JsonException or InvalidOperationException or ArgumentException)
            {
                var error = new FieldEncodeException(key, field.StorageName, field.Type, value, ex);
                Notifier.Error("encode", key, error);
                throw error;
            }
            if (text is null)
            {
                removed.Add(field.StorageName);
            }
            else
            {
                values[field.StorageName] = text;
            }
        }
        return (values, removed);
    }

    private void Populate(T record, string rawId, string key, HashEntry[] entries) => Populate(record, rawId, key, entries, _client.Options.ReadMode);

    private void Populate(T record, string rawId, string key, HashEntry[] entries, ReadMode mode) =>
        Populate(record, rawId, key, new EntryList(entries), mode);

    /// <summary>
    /// Fills an instance from the hash as stored; every declared field absent from it is set to null. Runs for every
    /// record a bulk read or migration decodes, so it allocates nothing of its own (no set of seen names, no delegate).
    /// </summary>
    private void Populate<TEntries>(T record, string rawId, string key, TEntries entries, ReadMode mode, bool tolerateCorrupt = true)
        where TEntries : IReadOnlyList<KeyValuePair<string, string?>>
    {
        var fields = Model.Fields;
        Span<bool> seen = fields.Count <= 128 ? stackalloc bool[fields.Count] : new bool[fields.Count];
        var matched = 0;
        var report = Notifier.ReadIssueHandler;
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            var index = Model.FieldIndexByStorageName(entry.Key);
            if (index < 0)
            {
                continue;
            }
            var field = fields[index];
            object? value;
            try
            {
                value = Model.EncryptedFor(field) is { } encrypted
                    ? DecodeEncrypted(rawId, encrypted, entry.Value, entries)
                    : Codec.Decode(entry.Value, field.Type, key, field.StorageName, mode, report);
            }
            catch (FieldDecodeException ex) when (mode == ReadMode.Lenient && tolerateCorrupt)
            {
                // Lenient: the field keeps its default, the observer hears why, and no save overwrites the stored value.
                value = field.Type.IsValueType && Nullable.GetUnderlyingType(field.Type) is null ? Activator.CreateInstance(field.Type) : null;
                UnreadableFields.Mark(record, field.StorageName, value);
                Notifier.ReadIssue(new ReadIssue(key, field.StorageName, field.Type, ex.RawPreview,
                    "unreadable (neither v2 nor v1): left at its default; saves keep the stored value until you set one"));
            }
            catch (FieldDecodeException ex)
            {
                Notifier.Error("decode", key, ex);
                throw;
            }
            field.SetValue(record, value);
            if (!seen[index])
            {
                seen[index] = true;
                matched++;
            }
        }
        if (matched < fields.Count)
        {
            // Absent fields are null: the stored record is the truth, also on refresh.
            for (var i = 0; i < fields.Count; i++)
            {
                if (!seen[i])
                {
                    fields[i].SetValue(record, null);
                }
            }
        }
        Model.Identifier.SetValue(record, IdentifierCodec.FromRaw(rawId, Model.Identifier.Type));
        BindRelated(record, rawId);
        Loaded(record, rawId, key);
    }

    private ConcealedString? DecodeEncrypted<TEntries>(string rawId, EncryptedFieldMetadata encrypted, string? envelope, TEntries entries)
        where TEntries : IReadOnlyList<KeyValuePair<string, string?>>
    {
        if (HorreumSerializer.IsNullText(envelope))
        {
            return null;
        }
        // The aad values are captured as stored, so an in-memory change of an aad field cannot break a later Reveal.
        return ConcealLoaded(rawId, encrypted, envelope!, f =>
        {
            for (var i = 0; i < entries.Count; i++)
            {
                if (entries[i].Key == f.StorageName)
                {
                    return entries[i].Value;
                }
            }
            return null;
        });
    }

    /// <summary>An array of pairs as a struct list, so the decode loop indexes the array directly (no interface call per field).</summary>
    private readonly struct PairList(KeyValuePair<string, string?>[] pairs) : IReadOnlyList<KeyValuePair<string, string?>>
    {
        public int Count => pairs.Length;

        public KeyValuePair<string, string?> this[int index] => pairs[index];

        public IEnumerator<KeyValuePair<string, string?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, string?>>)pairs).GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>StackExchange.Redis hash entries seen as name/value text pairs, without copying.</summary>
    private readonly struct EntryList(HashEntry[] entries) : IReadOnlyList<KeyValuePair<string, string?>>
    {
        public int Count => entries.Length;

        public KeyValuePair<string, string?> this[int index] => new((string)entries[index].Name!, (string?)entries[index].Value);

        public IEnumerator<KeyValuePair<string, string?>> GetEnumerator()
        {
            foreach (var e in entries)
            {
                yield return new((string)e.Name!, (string?)e.Value);
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>A related collection's time to live under the expiration feature: its own, else the model's.</summary>
    private TimeSpan? RelatedTtl(RelatedMetadata related) =>
        Model.HasFeature(ExpirationFeature.FeatureName) ? related.Expiration ?? Model.Expiration : null;

    private void BindRelated(T record, string rawId)
    {
        foreach (var related in Model.Related)
        {
            var structure = related.Getter(record) as RelatedStructure;
            if (structure is null)
            {
                structure = (RelatedStructure)Activator.CreateInstance(related.CollectionType)!;
                related.Setter(record, structure);
            }
            structure.Bind(new RelatedBinding(Db, Keys.RelatedKey(rawId, related.Name), related, Codec, Model.Profile, _client.Options.ReadMode, RelatedTtl(related), Notifier));
        }
    }
}
