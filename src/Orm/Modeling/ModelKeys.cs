namespace Horreum.Orm.Modeling;

/// <summary>
/// The keys of one model under an optional namespace: <c>[{namespace}:]{prefix}:{id}:{suffix}</c>. Identifiers go in
/// raw; related names and the suffix contain no ':', so the last segment of a key tells what it is and distinct
/// (id, name) pairs never share a key.
/// </summary>
public sealed class ModelKeys
{
    private readonly string _head;
    private readonly string _objectTail;

    /// <summary>Keys of <paramref name="model"/> under <paramref name="keyNamespace"/> (none when null or empty).</summary>
    public ModelKeys(ModelMetadata model, string? keyNamespace = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        Model = model;
        if (!string.IsNullOrEmpty(keyNamespace) && keyNamespace.AsSpan().IndexOfAny("*?[]\\") >= 0)
        {
            throw new ArgumentException($"The key namespace '{keyNamespace}' must be free of the glob characters * ? [ ] \\.", nameof(keyNamespace));
        }
        Namespace = string.IsNullOrEmpty(keyNamespace) ? "" : keyNamespace.TrimEnd(':');
        var prefix = Namespace.Length == 0 ? model.Prefix : Namespace + ":" + model.Prefix;
        _head = prefix + ":";
        _objectTail = ":" + model.Suffix;
        InstancesKey = prefix + ":instances";
        ScanPattern = prefix + ":*:" + model.Suffix;
    }

    /// <summary>The model.</summary>
    public ModelMetadata Model { get; }

    /// <summary>The namespace ("" when none).</summary>
    public string Namespace { get; }

    /// <summary>The instances sorted set: <c>{prefix}:instances</c>.</summary>
    public string InstancesKey { get; }

    /// <summary>The SCAN MATCH pattern of every object hash of the model.</summary>
    public string ScanPattern { get; }

    /// <summary>
    /// A class-level key: <c>{prefix}:{name}</c>, e.g. Familia's <c>class_list :recent</c> at <c>widget:recent</c>, or a
    /// feature's lookup hash (<c>customer:email_lookup</c>).
    /// </summary>
    public string ClassKey(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return _head + name;
    }

    /// <summary>The object hash key of a raw identifier.</summary>
    public string ObjectKey(string rawId) => _head + rawId + _objectTail;

    /// <summary>The key of a related structure.</summary>
    public string RelatedKey(string rawId, string name) => _head + rawId + ":" + name;

    /// <summary>The raw identifier inside an object key, or null when the key is not one of this model's object keys.</summary>
    public string? IdFromObjectKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length <= _head.Length + _objectTail.Length || !key.StartsWith(_head, StringComparison.Ordinal) || !key.EndsWith(_objectTail, StringComparison.Ordinal))
        {
            return null;
        }
        return key[_head.Length..^_objectTail.Length];
    }
}
