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
        Populate(record, rawId, Keys.ObjectKey(rawId), new PairList(entries as IReadOnlyList<KeyValuePair<string, string?>> ?? entries.ToArray()), mode);
        return record;
    }

    /// <summary>
    /// Record <paramref name="index"/> of a page the record pass read (key known), decoded from the stored bytes:
    /// plain strings, whole numbers and booleans straight from their UTF-8, the rest through the codec's text path.
    /// </summary>
    internal T Decode(string rawId, string key, Transport.RecordPage page, int index, ReadMode mode)
    {
        var record = (T)Model.CreateInstance();
        Populate(record, rawId, key, new PageEntries(page, index), mode, tolerateCorrupt: false); // the engine counts a corrupt field as a record error
        return record;
    }

    /// <summary>Fills <paramref name="record"/> from record <paramref name="index"/> of a page read for load-many, in the client's read mode.</summary>
    private void Populate(T record, string rawId, string key, Transport.RecordPage page, int index) =>
        Populate(record, rawId, key, new PageEntries(page, index), _client.Options.ReadMode);

    private void Populate(T record, string rawId, string key, HashEntry[] entries) => Populate(record, rawId, key, entries, _client.Options.ReadMode);

    private void Populate(T record, string rawId, string key, HashEntry[] entries, ReadMode mode) =>
        Populate(record, rawId, key, new EntryList(entries), mode);

    /// <summary>
    /// Fills an instance from the hash as stored; every declared field absent from it is set to null. Runs for every
    /// record a bulk read or migration decodes, so it allocates nothing of its own (no set of seen names, no delegate).
    /// </summary>
    private void Populate<TEntries>(T record, string rawId, string key, TEntries entries, ReadMode mode, bool tolerateCorrupt = true)
        where TEntries : IStoredEntries
    {
        var fields = Model.Fields;
        Span<bool> seen = fields.Count <= 128 ? stackalloc bool[fields.Count] : new bool[fields.Count];
        var matched = 0;
        var report = Notifier.ReadIssueHandler;
        for (var i = 0; i < entries.Count; i++)
        {
            var index = Model.FieldIndexByStorageName(entries.NameAt(i));
            if (index < 0)
            {
                continue;
            }
            var field = fields[index];
            object? value;
            try
            {
                if (Model.EncryptedFor(field) is { } encrypted)
                {
                    value = DecodeEncrypted(rawId, encrypted, entries.ValueAt(i), entries);
                }
                else if (!entries.TryDecodePlain(i, Codec, field.Type, out value))
                {
                    value = Codec.Decode(entries.ValueAt(i), field.Type, key, field.StorageName, mode, report);
                }
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
        where TEntries : IStoredEntries
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
                if (entries.NameAt(i) == f.StorageName)
                {
                    return entries.ValueAt(i);
                }
            }
            return null;
        });
    }

    /// <summary>A hash as stored, field by field, as the decode loop reads it (structs, so the loop makes no interface call per field).</summary>
    private interface IStoredEntries
    {
        int Count { get; }

        string NameAt(int index);

        string? ValueAt(int index);

        /// <summary>Decodes the value without making its text when the codec's shortcut covers it (a plain string, number, boolean).</summary>
        bool TryDecodePlain(int index, IValueCodec codec, Type type, out object? value);
    }

    /// <summary>Name/value text pairs.</summary>
    private readonly struct PairList(IReadOnlyList<KeyValuePair<string, string?>> pairs) : IStoredEntries
    {
        public int Count => pairs.Count;

        public string NameAt(int index) => pairs[index].Key;

        public string? ValueAt(int index) => pairs[index].Value;

        public bool TryDecodePlain(int index, IValueCodec codec, Type type, out object? value)
        {
            value = null;
            return false;
        }
    }

    /// <summary>StackExchange.Redis hash entries seen as name/value text pairs, without copying.</summary>
    private readonly struct EntryList(HashEntry[] entries) : IStoredEntries
    {
        public int Count => entries.Length;

        public string NameAt(int index) => (string)entries[index].Name!;

        public string? ValueAt(int index) => (string?)entries[index].Value;

        public bool TryDecodePlain(int index, IValueCodec codec, Type type, out object? value)
        {
            value = null;
            return false;
        }
    }

    /// <summary>One record of a reader's page: names are the page's strings, values its UTF-8 bytes.</summary>
    private readonly struct PageEntries(Transport.RecordPage page, int record) : IStoredEntries
    {
        public int Count => page.FieldCount(record);

        public string NameAt(int index) => page.Name(record, index);

        public string? ValueAt(int index) => System.Text.Encoding.UTF8.GetString(page.Value(record, index));

        public bool TryDecodePlain(int index, IValueCodec codec, Type type, out object? value)
        {
            if (codec is HorreumSerializer horreum)
            {
                return horreum.TryDecodePlain(page.Value(record, index), type, out value);
            }
            value = null;
            return false;
        }
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
