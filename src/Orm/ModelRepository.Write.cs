using System.Diagnostics;
using Horreum.Orm.Features;
using Horreum.Orm.Instrumentation;
using Horreum.Orm.Modeling;
using Horreum.Orm.Serialization;
using StackExchange.Redis;

namespace Horreum.Orm;

/// <summary>Writing: one record encoded, passed through the features and written atomically (MULTI, with retries when indexes are watched).</summary>
public sealed partial class ModelRepository<T>
{
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
        var texts = EncodeForSave(record, rawId, key, fields ??= Model.Fields, partial, now, out var removed, out _);
        return RunSavingHooks(record, rawId, key, fields, texts, removed, partial, now);
    }

    /// <summary>Stamps the timestamps (whole saves only) and encodes <paramref name="fields"/> (see <see cref="EncodeTexts"/>).</summary>
    private string?[] EncodeForSave(T record, string rawId, string key, IReadOnlyList<FieldMetadata> fields, bool partial, DateTimeOffset now, out List<string>? removed, out int set)
    {
        if (!partial)
        {
            Timestamps.Stamp(Model, record, now);
        }
        return EncodeTexts(record, rawId, key, fields, out removed, out set);
    }

    /// <summary>The save's context (values by storage name) after every feature's <see cref="IModelFeature.OnSaving"/> ran on it.</summary>
    private SaveContext RunSavingHooks(T record, string rawId, string key, IReadOnlyList<FieldMetadata> fields, string?[] texts, List<string>? removed, bool partial, DateTimeOffset now)
    {
        var context = new SaveContext(Keys, record, rawId, key, ByStorageName(fields, texts), removed ?? new List<string>(), partial, Codec, now);
        foreach (var feature in _features)
        {
            feature.OnSaving(context);
        }
        return context;
    }

    /// <summary>The texts of <see cref="EncodeTexts"/> by storage name, in field order (null texts left out).</summary>
    private static Dictionary<string, string> ByStorageName(IReadOnlyList<FieldMetadata> fields, string?[] texts)
    {
        var values = new Dictionary<string, string>(fields.Count, StringComparer.Ordinal);
        for (var i = 0; i < fields.Count; i++)
        {
            if (texts[i] is { } text)
            {
                values[fields[i].StorageName] = text;
            }
        }
        return values;
    }

    /// <summary>
    /// The writes of one save, in order: HMSET of the encoded values, HDEL of nulled fields, the instances index,
    /// and the feature expirations (last, so a key the save creates gets its time to live too). Both transports send
    /// exactly these (see <see cref="KeyedCommand"/>).
    /// </summary>
    private List<KeyedCommand> BuildWrites(string rawId, string key, Dictionary<string, string> values, List<string> removed, SaveContext context, bool addInstance)
    {
        var commands = new List<KeyedCommand>(4);
        AddWrites(commands, rawId, key, values.Count > 0 ? KeyedCommand.HashSet(key, values) : null, removed, context.Expirations, addInstance ? InstanceScore(context.Now) : null);
        return commands;
    }

    /// <summary>
    /// Appends one record's writes to <paramref name="commands"/> in the order of <see cref="BuildWrites"/> (the
    /// instances entry only when <paramref name="instanceScore"/> is given) and tells the command hook about each.
    /// </summary>
    private void AddWrites(List<KeyedCommand> commands, string rawId, string key, KeyedCommand? hashSet, List<string>? removed, IReadOnlyList<KeyValuePair<string, TimeSpan>> expirations, double? instanceScore)
    {
        var first = commands.Count;
        if (hashSet is not null)
        {
            commands.Add(hashSet);
        }
        if (removed is { Count: > 0 })
        {
            commands.Add(KeyedCommand.HashDelete(key, removed));
        }
        if (instanceScore is { } score)
        {
            commands.Add(KeyedCommand.SortedSetAdd(Keys.InstancesKey, score, rawId));
        }
        foreach (var (expireKey, ttl) in expirations)
        {
            commands.Add(KeyedCommand.Expire(expireKey, ttl));
        }
        if (Notifier.Any)
        {
            for (var i = first; i < commands.Count; i++)
            {
                Notifier.Command(commands[i].Name, commands[i].Key);
            }
        }
    }

    /// <summary>A record's score in the instances index: Familia scores with Familia.now (float seconds, sub-microsecond); the Horreum profile with milliseconds.</summary>
    private double InstanceScore(DateTimeOffset now) =>
        Model.Profile == StorageProfile.Familia ? FamiliaTime.ToEpochSeconds(now) : now.ToUnixTimeMilliseconds() / 1000.0;

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

    /// <summary>
    /// The stored text of each of <paramref name="fields"/> (null where nothing is set: a null value, listed in
    /// <paramref name="removed"/>, or an unreadable value kept as stored); <paramref name="set"/> counts the texts.
    /// </summary>
    /// <exception cref="FieldEncodeException">A value cannot be encoded (it names key, field and value).</exception>
    private string?[] EncodeTexts(T record, string rawId, string key, IReadOnlyList<FieldMetadata> fields, out List<string>? removed, out int set)
    {
        var texts = new string?[fields.Count];
        removed = null;
        set = 0;
        for (var i = 0; i < fields.Count; i++)
        {
            var field = fields[i];
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
                (removed ??= []).Add(field.StorageName);
            }
            else
            {
                texts[i] = text;
                set++;
            }
        }
        return texts;
    }
}
