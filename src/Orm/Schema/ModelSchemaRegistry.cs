using System.Collections.Concurrent;
using System.Reflection;
using Horreum.JsonSchema;
using Horreum.Orm.Modeling;

namespace Horreum.Orm.Schema;

/// <summary>
/// Maps each model class to its compiled JSON Schema validator. Lookup order: an explicit mapping
/// (<see cref="Map"/>, <see cref="MapFile"/>, <see cref="MapJson"/>) wins; then the convention file
/// <c>{Directory}/{model_snake}.json</c>; then an embedded resource named <c>*.{model_snake}.json</c> in one of
/// <see cref="ResourceAssemblies"/>. <c>model_snake</c> is the snake_case class name (<c>OrderLine</c> →
/// <c>order_line</c>), the default key prefix. A schema that is missing, unreadable or does not compile fails
/// when the model is first used (<see cref="HorreumClient.Repository{T}"/>), never at the first save.
/// Configure before the first model is used; compiled validators are cached per type.
/// </summary>
public sealed class ModelSchemaRegistry
{
    private readonly ConcurrentDictionary<Type, ExplicitSchema> _explicit = new();
    private readonly ConcurrentDictionary<Type, LoadedSchema> _loaded = new();

    /// <summary>
    /// The directory searched for <c>{model_snake}.json</c> (default: <c>schemas</c> beside the application,
    /// <c>Path.Combine(AppContext.BaseDirectory, "schemas")</c>; a relative path is taken from the current directory;
    /// null turns the convention off).
    /// </summary>
    public string? Directory { get; set; } = Path.Combine(AppContext.BaseDirectory, "schemas");

    /// <summary>Assemblies searched for embedded resources <c>*.{model_snake}.json</c> (default: none).</summary>
    public IList<Assembly> ResourceAssemblies { get; } = new List<Assembly>();

    /// <summary>
    /// Settings for compiling files, resources and mapped JSON (default <see cref="JsonSchemaOptions.Default"/>). Put
    /// the documents that <c>$ref</c> names in <see cref="JsonSchemaOptions.Registry"/>: nothing is ever fetched.
    /// </summary>
    public JsonSchemaOptions? SchemaOptions { get; set; }

    /// <summary>
    /// Strict mode for model schemas (default true): a keyword the schema's draft does not define (a typo such as
    /// <c>requird</c>) fails the load, naming each keyword and its JSON Pointer location, instead of silently validating
    /// nothing. Applies to files, resources and mapped JSON compiled by the default factory, whatever
    /// <see cref="SchemaOptions"/> says; a <see cref="ValidatorFactory"/> or a validator given to <see cref="Map"/> decides for itself.
    /// </summary>
    public bool RejectUnknownKeywords { get; set; } = true;

    /// <summary>
    /// Compiles schema text into a validator (default: <see cref="JsonSchemaValidator.Parse"/> with <see cref="SchemaOptions"/>).
    /// Set it to plug another validator in for every file and resource; <see cref="Map"/> plugs one in per model.
    /// </summary>
    public Func<string, IJsonSchemaValidator>? ValidatorFactory { get; set; }

    /// <summary>Uses <paramref name="validator"/> for <paramref name="modelType"/> (wins over the conventions).</summary>
    public ModelSchemaRegistry Map(Type modelType, IJsonSchemaValidator validator)
    {
        ArgumentNullException.ThrowIfNull(validator);
        return SetExplicit(modelType, new ExplicitSchema(validator, null, null));
    }

    /// <summary>Uses <paramref name="validator"/> for <typeparamref name="T"/> (wins over the conventions).</summary>
    public ModelSchemaRegistry Map<T>(IJsonSchemaValidator validator)
        where T : class => Map(typeof(T), validator);

    /// <summary>Uses the schema file at <paramref name="path"/> for <paramref name="modelType"/>; read and compiled on first use.</summary>
    public ModelSchemaRegistry MapFile(Type modelType, string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return SetExplicit(modelType, new ExplicitSchema(null, path, null));
    }

    /// <summary>Uses the schema file at <paramref name="path"/> for <typeparamref name="T"/>; read and compiled on first use.</summary>
    public ModelSchemaRegistry MapFile<T>(string path)
        where T : class => MapFile(typeof(T), path);

    /// <summary>Uses the schema text <paramref name="json"/> for <paramref name="modelType"/>; compiled on first use.</summary>
    public ModelSchemaRegistry MapJson(Type modelType, string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return SetExplicit(modelType, new ExplicitSchema(null, null, json));
    }

    /// <summary>Uses the schema text <paramref name="json"/> for <typeparamref name="T"/>; compiled on first use.</summary>
    public ModelSchemaRegistry MapJson<T>(string json)
        where T : class => MapJson(typeof(T), json);

    /// <summary>The validator of <paramref name="modelType"/>, loaded and compiled on the first call, then cached.</summary>
    /// <exception cref="ModelDefinitionException">
    /// No schema is found (the message lists where it looked), it cannot be read, or it does not compile (the message
    /// names the file or resource and the problem; the inner exception is the compiler's).
    /// </exception>
    public IJsonSchemaValidator Resolve(Type modelType) => Load(modelType).Validator;

    /// <summary>Where the schema of <paramref name="modelType"/> comes from: a file path, a resource name, or the explicit mapping.</summary>
    /// <exception cref="ModelDefinitionException">As <see cref="Resolve"/>.</exception>
    public string SourceOf(Type modelType) => Load(modelType).Source;

    /// <summary>The file (and resource suffix) name the conventions look for: <c>{model_snake}.json</c>.</summary>
    public static string ConventionFileName(Type modelType)
    {
        ArgumentNullException.ThrowIfNull(modelType);
        return Naming.ToSnakeCase(modelType.Name) + ".json";
    }

    /// <summary>Throws <see cref="ArgumentException"/> when a setting cannot work.</summary>
    public void Validate()
    {
        if (Directory is not null && string.IsNullOrWhiteSpace(Directory))
        {
            throw new ArgumentException("HorreumOptions.Schemas.Directory must be a path or null (no convention directory), not blank.");
        }
        if (ResourceAssemblies.Any(a => a is null))
        {
            throw new ArgumentException("HorreumOptions.Schemas.ResourceAssemblies must not contain null.");
        }
    }

    private ModelSchemaRegistry SetExplicit(Type modelType, ExplicitSchema schema)
    {
        ArgumentNullException.ThrowIfNull(modelType);
        _explicit[modelType] = schema;
        // A mapping made after first use replaces what was loaded; the next resolve compiles the new one.
        _loaded.TryRemove(modelType, out _);
        return this;
    }

    private LoadedSchema Load(Type modelType)
    {
        ArgumentNullException.ThrowIfNull(modelType);
        if (_loaded.TryGetValue(modelType, out var loaded))
        {
            return loaded;
        }
        // Failures are not cached: a fixed file is picked up the next time the model is used. Two threads may
        // compile the same schema at once; both results are equivalent and one wins.
        loaded = LoadUncached(modelType);
        return _loaded.GetOrAdd(modelType, loaded);
    }

    private LoadedSchema LoadUncached(Type modelType)
    {
        if (_explicit.TryGetValue(modelType, out var mapped))
        {
            if (mapped.Validator is not null)
            {
                return new LoadedSchema(mapped.Validator, mapped.Describe());
            }
            if (mapped.Json is not null)
            {
                return new LoadedSchema(Compile(modelType, mapped.Json, mapped.Describe()), mapped.Describe());
            }
            var mappedPath = Path.GetFullPath(mapped.Path!);
            if (!File.Exists(mappedPath))
            {
                throw new ModelDefinitionException(
                    $"{modelType.Name}: the schema file mapped with MapFile, '{mappedPath}', does not exist. Fix the path or the mapping.");
            }
            return new LoadedSchema(Compile(modelType, ReadFile(modelType, mappedPath), mappedPath), mappedPath);
        }

        var fileName = ConventionFileName(modelType);
        string? path = null;
        if (Directory is not null)
        {
            path = Path.Combine(Path.GetFullPath(Directory), fileName);
            if (File.Exists(path))
            {
                return new LoadedSchema(Compile(modelType, ReadFile(modelType, path), path), path);
            }
        }

        var resources = FindResources(fileName);
        if (resources.Count > 1)
        {
            throw new ModelDefinitionException(
                $"{modelType.Name}: several embedded schemas match '*.{fileName}': {string.Join(", ", resources.Select(r => $"{r.Name} ({r.Assembly.GetName().Name})"))}. "
                + $"Keep one, or map one explicitly with HorreumOptions.Schemas.Map<{modelType.Name}>(...).");
        }
        if (resources.Count == 1)
        {
            var (assembly, name) = resources[0];
            return new LoadedSchema(Compile(modelType, ReadResource(modelType, assembly, name), name), name);
        }

        var lookedIn = Directory is null
            ? "no schema directory is configured (HorreumOptions.Schemas.Directory is null)"
            : $"the file '{path}' does not exist";
        var searched = ResourceAssemblies.Count == 0
            ? "no assemblies are searched for embedded resources (HorreumOptions.Schemas.ResourceAssemblies is empty)"
            : $"no embedded resource named '*.{fileName}' is in {string.Join(", ", ResourceAssemblies.Select(a => a.GetName().Name))}";
        throw new ModelDefinitionException(
            $"{modelType.Name} declares [Feature(\"schema_validation\")] but has no JSON Schema: {lookedIn}, and {searched}. "
            + $"Add {fileName} there, embed it, or map a schema with HorreumOptions.Schemas.Map/MapFile/MapJson<{modelType.Name}>(...).");
    }

    private List<(Assembly Assembly, string Name)> FindResources(string fileName)
    {
        var suffix = "." + fileName;
        var found = new List<(Assembly, string)>();
        foreach (var assembly in ResourceAssemblies)
        {
            foreach (var name in assembly.GetManifestResourceNames())
            {
                if (name.EndsWith(suffix, StringComparison.Ordinal) || name.Equals(fileName, StringComparison.Ordinal))
                {
                    found.Add((assembly, name));
                }
            }
        }
        return found;
    }

    private IJsonSchemaValidator Compile(Type modelType, string json, string source)
    {
        try
        {
            var validator = ValidatorFactory is { } factory ? factory(json) : JsonSchemaValidator.Parse(json, (SchemaOptions ?? JsonSchemaOptions.Default) with { RejectUnknownKeywords = RejectUnknownKeywords });
            return validator ?? throw new ModelDefinitionException($"{modelType.Name}: HorreumOptions.Schemas.ValidatorFactory returned null for {source}.");
        }
        catch (JsonSchemaLoadException ex)
        {
            throw new ModelDefinitionException($"{modelType.Name}: the JSON Schema {source} cannot be loaded: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is not ModelDefinitionException and not OutOfMemoryException)
        {
            // A plugged-in factory throws its own exception types; say which schema it choked on.
            throw new ModelDefinitionException($"{modelType.Name}: the validator factory could not compile the JSON Schema {source}: {ex.Message}", ex);
        }
    }

    private static string ReadFile(Type modelType, string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ModelDefinitionException($"{modelType.Name}: the JSON Schema file '{path}' cannot be read: {ex.Message}", ex);
        }
    }

    private static string ReadResource(Type modelType, Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new ModelDefinitionException($"{modelType.Name}: the embedded schema '{name}' cannot be opened.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
