using Horreum.Orm.Instrumentation;
using Horreum.Orm.Modeling;
using Horreum.Orm.Serialization;
using StackExchange.Redis;

namespace Horreum.Orm.Collections;

/// <summary>Where a related collection lives and how its members are encoded.</summary>
internal sealed class RelatedBinding(IDatabase db, string key, RelatedMetadata meta, HorreumSerializer serializer, ReadMode mode, TimeSpan? ttl, Notifier notifier)
{
    public IDatabase Db { get; } = db;

    public string Key { get; } = key;

    public TimeSpan? Ttl { get; } = ttl;

    public Notifier Notifier { get; } = notifier;

    public RedisValue Encode(object? member)
    {
        if (member is null)
        {
            throw new ArgumentNullException(nameof(member), $"A related collection ({Key}) cannot hold null members.");
        }
        return meta.References is not null
            ? IdentifierCodec.ToRaw(member, meta.References)
            : serializer.Encode(member, meta.ElementType ?? typeof(object));
    }

    public T Decode<T>(RedisValue raw, string position)
    {
        var text = (string?)raw;
        if (meta.References is not null)
        {
            return (T)IdentifierCodec.FromRaw(text ?? "", typeof(T));
        }
        return (T)serializer.Decode(text, typeof(T), Key, position, mode, Notifier.ReadIssue)!;
    }
}
