using Horreum.Orm.Collections;
using Horreum.Orm.Modeling;

namespace Horreum.Orm;

public sealed partial class ModelRepository<T>
{
    /// <summary>
    /// A class-level collection at <c>{prefix}:{name}</c>, e.g. Familia's <c>class_list :recent</c> (<c>widget:recent</c>),
    /// <c>class_hashkey :registry</c> or <c>class_counter :total</c>. Members are encoded by the model's profile.
    /// </summary>
    /// <typeparam name="TCollection">A related collection type, e.g. <c>HorreumList&lt;string&gt;</c> or <see cref="HorreumCounter"/>.</typeparam>
    /// <param name="name">The key's last part; must not contain ':'.</param>
    /// <param name="references">When set, members are identifiers of that model, stored raw (Familia: <c>list.push(obj)</c>).</param>
    public TCollection ClassCollection<TCollection>(string name, Type? references = null)
        where TCollection : RelatedStructure, new()
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.Contains(':', StringComparison.Ordinal) || name == "instances")
        {
            throw new ArgumentException($"The class-level name '{name}' must contain no ':' and must not be 'instances'.", nameof(name));
        }
        var type = typeof(TCollection);
        var element = type.IsGenericType ? type.GetGenericArguments()[0] : null;
        var meta = new RelatedMetadata(name, name, type, element, references, expiration: null, static _ => null, static (_, _) => { });
        var collection = new TCollection();
        collection.Bind(new RelatedBinding(Db, Keys.ClassKey(name), meta, Codec, Model.Profile, _client.Options.ReadMode, ttl: null, Notifier));
        return collection;
    }
}
