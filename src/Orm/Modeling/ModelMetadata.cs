using System.Collections.Concurrent;
using System.Reflection;
using Horreum.Orm.Collections;

namespace Horreum.Orm.Modeling;

/// <summary>
/// Everything the mapper knows about a model class, built once per type from its attributes (accessors compiled
/// once, never reflected per call).
/// </summary>
public sealed partial class ModelMetadata
{
    private static readonly ConcurrentDictionary<(Type Type, StorageProfile Profile), Lazy<ModelMetadata>> s_cache = new();
    private readonly Func<object> _factory;
    private readonly Dictionary<string, FieldMetadata> _byStorage;
    private readonly Dictionary<string, int> _indexByStorage;
    private readonly Dictionary<string, FieldMetadata> _byProperty;

    private ModelMetadata(Type type, StorageProfile profile)
    {
        ClrType = type;
        Profile = profile;
        var model = type.GetCustomAttribute<ModelAttribute>();
        ClassName = model?.ClassName ?? type.Name;
        if (string.IsNullOrWhiteSpace(ClassName) || ClassName.EndsWith(':'))
        {
            throw new ModelDefinitionException($"{type.Name}: the class name '{ClassName}' must name a class (e.g. Acme::Vault).");
        }
        Prefix = model?.Prefix ?? Naming.For(profile, ClassName[(ClassName.LastIndexOf(':') + 1)..]);
        Suffix = model?.Suffix ?? "object";
        CheckKeyPart(type, "prefix", Prefix);
        CheckKeyPart(type, "suffix", Suffix);
        if (Suffix.Contains(':', StringComparison.Ordinal))
        {
            throw new ModelDefinitionException($"{type.Name}: the suffix '{Suffix}' must not contain ':'.");
        }

        _factory = Accessors.Constructor(type)
            ?? throw new ModelDefinitionException($"{type.Name} needs a parameterless constructor (it may be private) so records can be loaded.");

        var fields = new List<FieldMetadata>();
        var related = new List<RelatedMetadata>();
        var transient = new List<string>();
        FieldMetadata? identifier = null;
        foreach (var p in type.GetProperties(BindingFlags.Instance | BindingFlags.Public))
        {
            if (p.GetIndexParameters().Length > 0 || p.GetCustomAttribute<NotStoredAttribute>() is not null)
            {
                continue;
            }
            if (p.GetCustomAttribute<TransientAttribute>() is not null)
            {
                transient.Add(CheckTransient(type, p));
                continue;
            }
            if (typeof(RelatedStructure).IsAssignableFrom(p.PropertyType))
            {
                related.Add(BuildRelated(type, p, profile));
                continue;
            }
            if (p.GetMethod is null || p.SetMethod is null || !p.GetMethod.IsPublic)
            {
                continue;
            }
            var storage = p.GetCustomAttribute<FieldAttribute>()?.Name ?? Naming.For(profile, p.Name);
            if (string.IsNullOrWhiteSpace(storage))
            {
                throw new ModelDefinitionException($"{type.Name}.{p.Name}: the storage name must not be empty.");
            }
            var field = new FieldMetadata(p.Name, storage, p.PropertyType, Accessors.Getter(p), Accessors.Setter(p));
            if (p.GetCustomAttribute<IdentifierAttribute>() is not null)
            {
                if (identifier is not null)
                {
                    throw new ModelDefinitionException($"{type.Name} has two [Identifier] properties ({identifier.PropertyName}, {p.Name}); keep one.");
                }
                if (!IdentifierCodec.IsSupported(p.PropertyType))
                {
                    throw new ModelDefinitionException($"{type.Name}.{p.Name}: an identifier must be string, Guid, int or long, not {p.PropertyType.Name}.");
                }
                identifier = field;
            }
            fields.Add(field);
        }

        Identifier = identifier
            ?? throw new ModelDefinitionException($"{type.Name} has no [Identifier] property: mark the property that names a record with [Identifier].");
        var duplicate = fields.GroupBy(f => f.StorageName, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ModelDefinitionException($"{type.Name}: properties {string.Join(", ", duplicate.Select(f => f.PropertyName))} share the storage name '{duplicate.Key}'.");
        }
        var clash = related.FirstOrDefault(r => r.Name == Suffix || r.Name == "instances");
        if (clash is not null)
        {
            throw new ModelDefinitionException($"{type.Name}.{clash.PropertyName}: the related name '{clash.Name}' is reserved; pick another with [Related(Name = ...)].");
        }
        var dupRelated = related.GroupBy(r => r.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (dupRelated is not null)
        {
            throw new ModelDefinitionException($"{type.Name}: related collections {string.Join(", ", dupRelated.Select(r => r.PropertyName))} share the name '{dupRelated.Key}'.");
        }

        Fields = fields;
        Related = related;
        _byStorage = fields.ToDictionary(f => f.StorageName, StringComparer.Ordinal);
        _indexByStorage = fields.Select((f, i) => (f.StorageName, i)).ToDictionary(p => p.StorageName, p => p.i, StringComparer.Ordinal);
        _byProperty = fields.ToDictionary(f => f.PropertyName, StringComparer.Ordinal);
        Features = type.GetCustomAttributes<FeatureAttribute>(inherit: true).Select(f => f.Name).Distinct(StringComparer.Ordinal).ToArray();
        var expiration = type.GetCustomAttribute<ExpirationAttribute>(inherit: true);
        if (expiration is not null)
        {
            if (!(expiration.Seconds > 0) || double.IsInfinity(expiration.Seconds))
            {
                throw new ModelDefinitionException($"{type.Name}: [Expiration({expiration.Seconds})] must be a positive number of seconds.");
            }
            Expiration = TimeSpan.FromSeconds(expiration.Seconds);
        }
        TransientProperties = transient;
        ReadFeatureDeclarations(type);
    }

    /// <summary>The model class.</summary>
    public Type ClrType { get; }

    /// <summary>
    /// The storage profile: which rules name the keys and fields and encode the values. Features that write keys or
    /// values of their own follow it (see docs/familia-interop.md, "Writing a feature for both profiles").
    /// </summary>
    public StorageProfile Profile { get; }

    /// <summary>The class name the stored data carries (<see cref="ModelAttribute.ClassName"/>; the CLR type name by default).</summary>
    public string ClassName { get; }

    /// <summary>Key prefix (snake_case class name unless overridden).</summary>
    public string Prefix { get; }

    /// <summary>Object hash suffix (<c>object</c> unless overridden).</summary>
    public string Suffix { get; }

    /// <summary>The identifier property (also stored as a field).</summary>
    public FieldMetadata Identifier { get; }

    /// <summary>Persistent properties in declaration order.</summary>
    public IReadOnlyList<FieldMetadata> Fields { get; }

    /// <summary>Related collections.</summary>
    public IReadOnlyList<RelatedMetadata> Related { get; }

    /// <summary>Declared feature names.</summary>
    public IReadOnlyList<string> Features { get; }

    /// <summary>The <c>[Expiration]</c> time to live, when declared.</summary>
    public TimeSpan? Expiration { get; }

    /// <summary>Metadata of <typeparamref name="T"/> (built and checked once).</summary>
    /// <param name="clientProfile">The client's profile, used when the model's <see cref="ModelAttribute"/> names none.</param>
    public static ModelMetadata For<T>(StorageProfile clientProfile = StorageProfile.Horreum) => For(typeof(T), clientProfile);

    /// <summary>Metadata of <paramref name="type"/> (built and checked once per profile).</summary>
    /// <param name="type">The model class.</param>
    /// <param name="clientProfile">The client's profile, used when the model's <see cref="ModelAttribute"/> names none.</param>
    public static ModelMetadata For(Type type, StorageProfile clientProfile = StorageProfile.Horreum)
    {
        ArgumentNullException.ThrowIfNull(type);
        var attribute = type.GetCustomAttribute<ModelAttribute>();
        var profile = attribute is { HasProfile: true } ? attribute.Profile : clientProfile;
        if (!Enum.IsDefined(profile))
        {
            throw new ModelDefinitionException($"{type.Name}: {(int)profile} is not a StorageProfile.");
        }
        return s_cache.GetOrAdd((type, profile), static k => new Lazy<ModelMetadata>(() => new ModelMetadata(k.Type, k.Profile))).Value;
    }

    /// <summary>Whether the model declares the feature <paramref name="name"/>.</summary>
    public bool HasFeature(string name) => Features.Contains(name, StringComparer.Ordinal);

    /// <summary>The field stored under <paramref name="storageName"/>, or null.</summary>
    public FieldMetadata? FieldByStorageName(string storageName) => _byStorage.GetValueOrDefault(storageName);

    /// <summary>The position in <see cref="Fields"/> of the field stored under <paramref name="storageName"/>, or -1.</summary>
    internal int FieldIndexByStorageName(string storageName) => _indexByStorage.TryGetValue(storageName, out var index) ? index : -1;

    /// <summary>The field for a CLR property name or a storage name, or null.</summary>
    public FieldMetadata? FindField(string name) => _byProperty.GetValueOrDefault(name) ?? _byStorage.GetValueOrDefault(name);

    /// <summary>The raw identifier of <paramref name="instance"/>; throws when it is unset.</summary>
    public string IdOf(object instance) => IdentifierCodec.ToRaw(Identifier.GetValue(instance), ClrType);

    /// <summary>The raw form of an identifier value.</summary>
    public string RawId(object id) => IdentifierCodec.ToRaw(id, ClrType);

    /// <summary>A new, empty instance.</summary>
    public object CreateInstance() => _factory();

    private static RelatedMetadata BuildRelated(Type type, PropertyInfo p, StorageProfile profile)
    {
        if (p.GetMethod is null || p.SetMethod is null)
        {
            throw new ModelDefinitionException($"{type.Name}.{p.Name}: a related collection property needs a getter and a setter (the mapper binds it to its key).");
        }
        var attr = p.GetCustomAttribute<RelatedAttribute>();
        var name = attr?.Name ?? Naming.For(profile, p.Name);
        if (string.IsNullOrEmpty(name) || name.Contains(':', StringComparison.Ordinal))
        {
            throw new ModelDefinitionException($"{type.Name}.{p.Name}: the related name '{name}' must be non-empty and contain no ':'.");
        }
        var element = p.PropertyType.IsGenericType ? p.PropertyType.GetGenericArguments()[0] : null;
        if (attr?.References is { } referenced)
        {
            // Read the referenced identifier directly: building the referenced model's metadata here would
            // recurse forever for self- or mutually-referencing models.
            var idProperty = referenced.GetProperties(BindingFlags.Instance | BindingFlags.Public)
                .FirstOrDefault(x => x.GetCustomAttribute<IdentifierAttribute>() is not null)
                ?? throw new ModelDefinitionException($"{type.Name}.{p.Name}: the referenced model {referenced.Name} has no [Identifier] property.");
            var idType = Nullable.GetUnderlyingType(idProperty.PropertyType) ?? idProperty.PropertyType;
            if (element is null || element != idType)
            {
                throw new ModelDefinitionException($"{type.Name}.{p.Name}: members referencing {referenced.Name} must have its identifier type {idType.Name}.");
            }
        }
        TimeSpan? ttl = null;
        if (attr is { Expiration: not 0 } withTtl)
        {
            if (!(withTtl.Expiration > 0) || double.IsInfinity(withTtl.Expiration))
            {
                throw new ModelDefinitionException($"{type.Name}.{p.Name}: [Related(Expiration = {withTtl.Expiration})] must be a positive number of seconds.");
            }
            ttl = TimeSpan.FromSeconds(withTtl.Expiration);
        }
        return new RelatedMetadata(p.Name, name, p.PropertyType, element, attr?.References, ttl, Accessors.Getter(p), Accessors.Setter(p));
    }

    private static void CheckKeyPart(Type type, string what, string value)
    {
        if (string.IsNullOrEmpty(value) || value.AsSpan().IndexOfAny("*?[]\\") >= 0)
        {
            throw new ModelDefinitionException($"{type.Name}: the key {what} '{value}' must be non-empty and free of the glob characters * ? [ ] \\.");
        }
    }
}
