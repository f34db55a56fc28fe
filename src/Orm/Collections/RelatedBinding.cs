using Horreum.Orm.Instrumentation;
using Horreum.Orm.Modeling;
using Horreum.Orm.Serialization;
using StackExchange.Redis;

namespace Horreum.Orm.Collections;

/// <summary>Where a related collection lives and how its members are encoded (by the owning model's profile).</summary>
internal sealed class RelatedBinding(IDatabase db, string key, RelatedMetadata meta, IValueCodec codec, StorageProfile profile, ReadMode mode, TimeSpan? ttl, Notifier notifier)
{
    public IDatabase Db { get; } = db;

    public string Key { get; } = key;

    public TimeSpan? Ttl { get; } = ttl;

    public Notifier Notifier { get; } = notifier;

    /// <summary>
    /// Familia's <c>string</c> related type holds raw text, not JSON (<c>note.value = 'x'</c> stores <c>x</c>); so does a
    /// <see cref="HorreumString{T}"/> of string under the Familia profile.
    /// </summary>
    private bool RawText => profile == StorageProfile.Familia && meta.ElementType == typeof(string)
        && meta.CollectionType.IsGenericType && meta.CollectionType.GetGenericTypeDefinition() == typeof(HorreumString<>);

    public RedisValue Encode(object? member)
    {
        if (member is null)
        {
            throw new ArgumentNullException(nameof(member), $"A related collection ({Key}) cannot hold null members.");
        }
        if (meta.References is not null)
        {
            return IdentifierCodec.ToRaw(member, meta.References);
        }
        if (RawText)
        {
            return (string)member;
        }
        if (profile == StorageProfile.Familia && IsModel(member.GetType()))
        {
            // Familia stores a Horreum object pushed into a collection as its raw identifier (list.push(obj)).
            return ModelMetadata.For(member.GetType(), profile).IdOf(member);
        }
        try
        {
            return codec.Encode(member, meta.ElementType ?? typeof(object));
        }
        catch (Exception ex) when (ex is NotSupportedException or System.Text.Json.JsonException or ArgumentException or InvalidOperationException)
        {
            throw new FieldEncodeException(Key, "member", meta.ElementType ?? typeof(object), member, ex);
        }
    }

    private static bool IsModel(Type type) =>
        !type.IsPrimitive && type != typeof(string)
        && type.GetProperties().Any(p => Attribute.IsDefined(p, typeof(IdentifierAttribute)));

    public T Decode<T>(RedisValue raw, string position)
    {
        var text = (string?)raw;
        if (meta.References is not null)
        {
            // Familia stores an object raw and a string as JSON; both name the identifier.
            var id = profile == StorageProfile.Familia ? FamiliaSerializer.DecodeReference(text ?? "") : text ?? "";
            return (T)IdentifierCodec.FromRaw(id, typeof(T));
        }
        if (RawText)
        {
            return (T)(object)(text ?? "");
        }
        return (T)codec.Decode(text, typeof(T), Key, position, mode, Notifier.ReadIssue)!;
    }
}
