using Horreum.Orm.Collections;
using Horreum.Orm.Encryption;
using Horreum.Orm.Features;
using Horreum.Orm.Modeling;
using Horreum.Orm.Serialization;
using StackExchange.Redis;

namespace Horreum.Orm;

/// <summary>Decoding: a record from its hash as stored (every read path and the bulk readers come here).</summary>
public sealed partial class ModelRepository<T>
{
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
