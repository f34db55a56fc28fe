using Horreum.Orm.Encryption;
using Horreum.Orm.Features;
using Horreum.Orm.Modeling;
using StackExchange.Redis;

namespace Horreum.Orm;

/// <summary>The record features' side of the repository: generated identifiers, index upkeep, lookups, encrypted fields.</summary>
public sealed partial class ModelRepository<T>
{
    /// <summary>How often a save re-reads and retries after another writer changed what it watched.</summary>
    private const int MaxAttempts = 16;

    private IReadOnlyList<IRecordFeature> RecordFeatures => _recordFeatures ??= _features.OfType<IRecordFeature>()
        .OrderBy(f => f is ObjectIdentifierFeature ? 0 : 1).ToArray();

    private IReadOnlyList<IRecordFeature>? _recordFeatures;

    private FieldCipher Cipher => _cipher ??= new FieldCipher(_client.Options.Encryption);

    private FieldCipher? _cipher;

    /// <summary>Loads the record whose unique index <paramref name="indexName"/> holds <paramref name="value"/>; null when none.</summary>
    public async Task<T?> FindByAsync(string indexName, string value, CancellationToken cancellationToken = default)
    {
        var index = IndexNamed(indexName, IndexKind.Unique, IndexKind.Lookup);
        ArgumentNullException.ThrowIfNull(value);
        cancellationToken.ThrowIfCancellationRequested();
        var key = FeatureKeys.ClassIndex(Keys, index.Name);
        var held = await ReadAsync("HGET", key, db => db.HashGetAsync(key, value)).ConfigureAwait(false);
        if (held.IsNull)
        {
            return null;
        }
        var id = index.Kind == IndexKind.Lookup ? LookupId((string)held!) : (string)held!;
        return await LoadAsync(IdentifierCodec.FromRaw(id, Model.Identifier.Type), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Loads every record whose multi index <paramref name="indexName"/> holds <paramref name="value"/> (order not defined).</summary>
    public async Task<IReadOnlyList<T>> FindAllByAsync(string indexName, string value, CancellationToken cancellationToken = default)
    {
        var index = IndexNamed(indexName, IndexKind.Multi);
        ArgumentNullException.ThrowIfNull(value);
        cancellationToken.ThrowIfCancellationRequested();
        var key = FeatureKeys.MultiIndex(Keys, index.Name, value);
        var ids = await ReadAsync("SMEMBERS", key, db => db.SetMembersAsync(key)).ConfigureAwait(false);
        var records = await LoadManyAsync(ids.Select(id => IdentifierCodec.FromRaw((string)id!, Model.Identifier.Type)).ToArray(), cancellationToken).ConfigureAwait(false);
        return records.Where(r => r is not null).ToArray()!;
    }

    /// <summary>Loads the record with this objid (through <c>{prefix}:objid_lookup</c>); null when none.</summary>
    public Task<T?> FindByObjidAsync(string objid, CancellationToken cancellationToken = default) =>
        FindByAsync(FeatureIndexName(Model.ObjectIdentifier, ObjectIdentifierFeature.FeatureName), objid, cancellationToken);

    /// <summary>Loads the record with this extid (through <c>{prefix}:extid_lookup</c>); null when none.</summary>
    public Task<T?> FindByExtidAsync(string extid, CancellationToken cancellationToken = default) =>
        FindByAsync(FeatureIndexName(Model.ExternalIdentifier, ExternalIdentifierFeature.FeatureName), extid, cancellationToken);

    /// <summary>
    /// Compares every index of the model with its records, as drift does: entries a rebuild would add (missing) or
    /// remove (stale), and unique values two live records claim (conflicts). Reads only; SCANs the model's keys.
    /// </summary>
    public async Task<IndexAuditReport> AuditIndexesAsync(CancellationToken cancellationToken = default)
    {
        var missing = new List<IndexEntry>();
        var conflicts = new List<IndexEntry>();
        long scanned = 0;
        await foreach (var rawId in ScanIdsAsync(cancellationToken).ConfigureAwait(false))
        {
            var stored = await StoredHashAsync(Keys.ObjectKey(rawId)).ConfigureAwait(false);
            if (stored.Count == 0)
            {
                continue;
            }
            scanned++;
            foreach (var (entry, state) in await IndexAudit.CheckRecordAsync(Db, Keys, Codec, rawId, stored).ConfigureAwait(false))
            {
                (state == EntryState.Missing ? missing : state == EntryState.Conflict ? conflicts : null)?.Add(entry);
            }
        }
        var stale = new List<IndexEntry>();
        await foreach (var entry in IndexAudit.StaleAsync(Db, _client, Keys, Codec).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            stale.Add(entry);
        }
        return new IndexAuditReport(scanned, missing, stale, conflicts);
    }

    /// <summary>The stored hash of <paramref name="key"/> as text pairs (empty when absent).</summary>
    internal async Task<Dictionary<string, string?>> StoredHashAsync(string key) =>
        (await ReadAsync("HGETALL", key, db => db.HashGetAllAsync(key)).ConfigureAwait(false)).ToDictionary(e => (string)e.Name!, e => (string?)e.Value, StringComparer.Ordinal);

    private string FeatureIndexName(FieldMetadata? field, string feature) =>
        Model.Indexes.FirstOrDefault(i => i.Kind == IndexKind.Lookup && ReferenceEquals(i.Field, field))?.Name
            ?? throw new InvalidOperationException($"{typeof(T).Name} does not declare [Feature(\"{feature}\")].");

    private IndexMetadata IndexNamed(string name, params IndexKind[] kinds)
    {
        ArgumentNullException.ThrowIfNull(name);
        var index = Model.Indexes.FirstOrDefault(i => (i.Name == name || i.Field.PropertyName == name || i.Field.StorageName == name) && kinds.Contains(i.Kind));
        return index is not null && kinds.Contains(index.Kind)
            ? index
            : throw new ArgumentException($"{typeof(T).Name} has no {string.Join(" or ", kinds).ToLowerInvariant()} index named '{name}'. Its indexes: {string.Join(", ", Model.Indexes.Select(i => $"{i.Name} ({i.Kind}, field {i.Field.StorageName})"))}.", nameof(name));
    }

    private static string LookupId(string json) => FeatureWrite.IndexText(json) ?? json;

    /// <summary>Lets the features fill what they generate (objid first, then extid) before the identifier is read.</summary>
    private void PrepareFeatures(T record)
    {
        foreach (var feature in RecordFeatures)
        {
            feature.Prepare(record, Model);
        }
    }

    /// <summary>The features' reads, conditions and commands for one attempt of a save or destroy; null when the model has none.</summary>
    private async Task<FeatureWrite?> PlanFeaturesAsync(object record, string rawId, string key, IReadOnlyDictionary<string, string>? values, IReadOnlyList<string>? removed, bool partial)
    {
        if (RecordFeatures.Count == 0)
        {
            return null;
        }
        var write = new FeatureWrite(Db, Keys, Codec, record, rawId, key, values, removed, partial);
        foreach (var feature in RecordFeatures)
        {
            await feature.PlanAsync(write).ConfigureAwait(false);
        }
        if (_client.IsCluster && write.WatchedOtherKeys.FirstOrDefault(k => _client.Connection.HashSlot(k) != _client.Connection.HashSlot(key)) is { } other)
        {
            throw new NotSupportedException(
                $"Saving '{key}' must watch the unique index '{other}', a key of another hash slot: Redis Cluster cannot hold both in one transaction, so nothing was written. "
                + "Put the model's keys in one slot with a hash tag in the namespace or prefix (KeyNamespace = \"{app}\" makes every key {app}:…), or use a standalone server.");
        }
        foreach (var command in write.Commands)
        {
            Notifier.Command(command.Name, command.Key);
        }
        return write;
    }

    /// <summary>The envelope of an encrypted field for this record (its context and aad values taken from the record).</summary>
    private string EncryptField(T record, string rawId, EncryptedFieldMetadata encrypted, ConcealedString value)
    {
        var (context, names, aad) = CipherInputs(rawId, encrypted, f => FeatureWrite.IndexText(Codec.Encode(f.GetValue(record), f.Type)));
        return Cipher.Encrypt(value.Reveal(), context, names, aad, Where(rawId, encrypted));
    }

    /// <summary>
    /// The stored text of a value a migration writes to the record at <paramref name="key"/>: an envelope for an
    /// encrypted field (aad values as <paramref name="stored"/>), the serializer's JSON otherwise.
    /// </summary>
    internal string? EncodeForWrite(FieldMetadata? field, object? value, string key, IReadOnlyDictionary<string, string?> stored)
    {
        if (field is not null && Model.EncryptedFor(field) is { } encrypted && value is ConcealedString concealed)
        {
            return EncryptForWrite(encrypted, concealed, key, stored);
        }
        return Codec.Encode(value, field?.Type ?? value!.GetType());
    }

    // Apart from EncodeForWrite, so the closure over `stored` is made only for an encrypted field, not per value.
    private string EncryptForWrite(EncryptedFieldMetadata encrypted, ConcealedString concealed, string key, IReadOnlyDictionary<string, string?> stored)
    {
        var rawId = Keys.IdFromObjectKey(key) ?? throw new ArgumentException($"'{key}' is not an object key of {typeof(T).Name}.", nameof(key));
        var (context, names, aad) = CipherInputs(rawId, encrypted, f => FeatureWrite.IndexText(stored.GetValueOrDefault(f.StorageName)));
        return Cipher.Encrypt(concealed.Reveal(), context, names, aad, Where(rawId, encrypted));
    }

    /// <summary>A loaded encrypted value: decrypts on <see cref="ConcealedString.Reveal"/> with the aad values as stored.</summary>
    private ConcealedString ConcealLoaded(string rawId, EncryptedFieldMetadata encrypted, string envelope, Func<FieldMetadata, string?> stored)
    {
        var (context, names, aad) = CipherInputs(rawId, encrypted, f => FeatureWrite.IndexText(stored(f)));
        var cipher = Cipher;
        var where = Where(rawId, encrypted);
        return ConcealedString.Loaded(envelope, () => cipher.Decrypt(envelope, context, names, aad, where));
    }

    private (string Context, string[] Names, string?[] Values) CipherInputs(string rawId, EncryptedFieldMetadata encrypted, Func<FieldMetadata, string?> value) =>
        ($"{Model.ClassName}:{encrypted.Field.StorageName}:{rawId}",
            encrypted.AadFields.Select(f => f.StorageName).ToArray(),
            encrypted.AadFields.Select(value).ToArray());

    private string Where(string rawId, EncryptedFieldMetadata encrypted) => $"field '{encrypted.Field.StorageName}' of '{Keys.ObjectKey(rawId)}'";

    private static List<Condition> Conditions(Condition? first, FeatureWrite? write)
    {
        var conditions = new List<Condition>();
        if (first is not null)
        {
            conditions.Add(first);
        }
        if (write is not null)
        {
            conditions.AddRange(write.Conditions);
        }
        return conditions;
    }
}
