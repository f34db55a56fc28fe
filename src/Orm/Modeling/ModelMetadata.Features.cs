using System.Reflection;

namespace Horreum.Orm.Modeling;

/// <summary>What the model declares for its features: identifiers, indexes, participations, encrypted and transient fields.</summary>
public sealed partial class ModelMetadata
{
    /// <summary>The <c>[ObjectIdentifier]</c> field, if any.</summary>
    public FieldMetadata? ObjectIdentifier { get; private set; }

    /// <summary>The generator of new objids.</summary>
    public ObjidGenerator ObjidGenerator { get; private set; }

    /// <summary>The <c>[ExternalIdentifier]</c> field, if any.</summary>
    public FieldMetadata? ExternalIdentifier { get; private set; }

    /// <summary>The extid format (contains <c>%{id}</c>).</summary>
    public string ExtidFormat { get; private set; } = "ext_%{id}";

    /// <summary>Every index the model keeps: unique and multi indexes, then the objid and extid lookups.</summary>
    public IReadOnlyList<IndexMetadata> Indexes { get; private set; } = [];

    /// <summary>The collections of other models that records join.</summary>
    public IReadOnlyList<ParticipationMetadata> Participations { get; private set; } = [];

    /// <summary>The <c>[Encrypted]</c> fields.</summary>
    public IReadOnlyList<EncryptedFieldMetadata> EncryptedFields { get; private set; } = [];

    /// <summary>CLR names of the <c>[Transient]</c> properties (never stored).</summary>
    public IReadOnlyList<string> TransientProperties { get; }

    /// <summary>The encrypted declaration of <paramref name="field"/>, or null.</summary>
    public EncryptedFieldMetadata? EncryptedFor(FieldMetadata field)
    {
        // Asked for every field of every record decoded or written: a plain loop, no closure per call.
        var encrypted = EncryptedFields;
        for (var i = 0; i < encrypted.Count; i++)
        {
            if (ReferenceEquals(encrypted[i].Field, field))
            {
                return encrypted[i];
            }
        }
        return null;
    }

    private void ReadFeatureDeclarations(Type type)
    {
        var indexes = new List<IndexMetadata>();
        var lookups = new List<IndexMetadata>();
        var encrypted = new List<EncryptedFieldMetadata>();
        foreach (var field in Fields)
        {
            var p = type.GetProperty(field.PropertyName, BindingFlags.Instance | BindingFlags.Public)!;
            if (p.GetCustomAttribute<ObjectIdentifierAttribute>() is { } objid)
            {
                RequireString(type, field, "[ObjectIdentifier]");
                ObjectIdentifier = ObjectIdentifier is null ? field : throw Twice(type, "[ObjectIdentifier]");
                ObjidGenerator = objid.Generator;
                lookups.Add(new IndexMetadata(field, "objid_lookup", IndexKind.Lookup));
            }
            if (p.GetCustomAttribute<ExternalIdentifierAttribute>() is { } extid)
            {
                RequireString(type, field, "[ExternalIdentifier]");
                if (!extid.Format.Contains("%{id}", StringComparison.Ordinal))
                {
                    throw new ModelDefinitionException($"{type.Name}.{field.PropertyName}: the extid format '{extid.Format}' must contain %{{id}}.");
                }
                ExternalIdentifier = ExternalIdentifier is null ? field : throw Twice(type, "[ExternalIdentifier]");
                ExtidFormat = extid.Format;
                lookups.Add(new IndexMetadata(field, "extid_lookup", IndexKind.Lookup));
            }
            if (p.GetCustomAttribute<UniqueIndexAttribute>() is { } unique)
            {
                indexes.Add(new IndexMetadata(field, CheckSegment(type, field, unique.Name), IndexKind.Unique));
            }
            if (p.GetCustomAttribute<MultiIndexAttribute>() is { } multi)
            {
                indexes.Add(new IndexMetadata(field, CheckSegment(type, field, multi.Name), IndexKind.Multi));
            }
            if (p.GetCustomAttribute<EncryptedAttribute>() is { } enc)
            {
                if (field.Type != typeof(ConcealedString))
                {
                    throw new ModelDefinitionException($"{type.Name}.{field.PropertyName}: an [Encrypted] property must be a ConcealedString, not {field.Type.Name}.");
                }
                var aad = (enc.AadFields ?? []).Select(name => FindField(name)
                    ?? throw new ModelDefinitionException($"{type.Name}.{field.PropertyName}: aad field '{name}' is not a stored field of {type.Name}.")).ToArray();
                encrypted.Add(new EncryptedFieldMetadata(field, aad));
            }
            else if (field.Type == typeof(ConcealedString))
            {
                throw new ModelDefinitionException($"{type.Name}.{field.PropertyName}: a ConcealedString property must be marked [Encrypted].");
            }
        }
        indexes.AddRange(lookups);
        var clash = indexes.GroupBy(i => i.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
        {
            throw new ModelDefinitionException($"{type.Name}: two indexes are named '{clash.Key}'; give each its own name.");
        }
        Indexes = indexes;
        EncryptedFields = encrypted;
        Participations = type.GetCustomAttributes<ParticipatesInAttribute>(inherit: true).Select(a => ReadParticipation(type, a)).ToArray();
    }

    private ParticipationMetadata ReadParticipation(Type type, ParticipatesInAttribute a)
    {
        if (string.IsNullOrEmpty(a.Collection) || a.Collection.Contains(':', StringComparison.Ordinal))
        {
            throw new ModelDefinitionException($"{type.Name}: [ParticipatesIn({a.Target.Name}, \"{a.Collection}\")] needs a collection name without ':'.");
        }
        FieldMetadata? score = null;
        if (a.Score is not null)
        {
            score = FindField(a.Score) ?? throw new ModelDefinitionException($"{type.Name}: the participation score '{a.Score}' is not a stored field.");
            var t = Nullable.GetUnderlyingType(score.Type) ?? score.Type;
            if (t != typeof(double) && t != typeof(long) && t != typeof(int) && t != typeof(float) && t != typeof(decimal))
            {
                throw new ModelDefinitionException($"{type.Name}.{score.PropertyName}: a participation score must be numeric, not {score.Type.Name}.");
            }
        }
        return new ParticipationMetadata(a.Target, a.Collection, score);
    }

    private static string CheckTransient(Type type, PropertyInfo p) =>
        p.PropertyType == typeof(RedactedString)
            ? p.Name
            : throw new ModelDefinitionException($"{type.Name}.{p.Name}: a [Transient] property must be a RedactedString (it never prints its value), not {p.PropertyType.Name}.");

    private static void RequireString(Type type, FieldMetadata field, string what)
    {
        if (field.Type != typeof(string))
        {
            throw new ModelDefinitionException($"{type.Name}.{field.PropertyName}: an {what} property must be a string, not {field.Type.Name}.");
        }
    }

    private static ModelDefinitionException Twice(Type type, string what) =>
        new($"{type.Name} marks two properties {what}; keep one.");

    private static string CheckSegment(Type type, FieldMetadata field, string name) =>
        string.IsNullOrEmpty(name) || name.Contains(':', StringComparison.Ordinal) || name.AsSpan().IndexOfAny("*?[]\\") >= 0
            ? throw new ModelDefinitionException($"{type.Name}.{field.PropertyName}: the index name '{name}' must be non-empty, without ':' or glob characters.")
            : name;
}
