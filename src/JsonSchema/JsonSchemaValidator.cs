using System.Text.Json;

namespace Horreum.JsonSchema;

/// <summary>
/// A compiled JSON Schema (draft 2020-12 or draft 7). Compile once with <see cref="Parse"/> or <see cref="FromElement"/>
/// and reuse: the object is immutable and <see cref="Validate"/> may be called from many threads at once.
/// References resolve only within the schema, to built-in meta-schemas, or to <see cref="JsonSchemaOptions.Registry"/>;
/// nothing is ever fetched over the network.
/// </summary>
public sealed class JsonSchemaValidator : IJsonSchemaValidator
{
    private readonly SchemaNode _root;
    private readonly bool _usesDynamicRef;
    private readonly int _maxDepth;
    private readonly JsonElement _schema;

    private JsonSchemaValidator(JsonElement schema, JsonSchemaOptions options)
    {
        _schema = schema;
        _maxDepth = options.MaxDepth;
        (_root, _usesDynamicRef) = SchemaCompiler.Compile(schema, options);
    }

    /// <summary>The schema JSON this validator was compiled from.</summary>
    public JsonElement SchemaElement => _schema;

    /// <summary>Parses and compiles a schema.</summary>
    /// <param name="json">Schema text.</param>
    /// <param name="options">Compilation settings; <see cref="JsonSchemaOptions.Default"/> when null.</param>
    /// <returns>The compiled, reusable validator.</returns>
    /// <exception cref="JsonSchemaLoadException">The text is not JSON, the schema is malformed, or a reference cannot be resolved.</exception>
    public static JsonSchemaValidator Parse(string json, JsonSchemaOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        options ??= JsonSchemaOptions.Default;
        using var document = ParseDocument(json, options.MaxDepth);
        return new JsonSchemaValidator(document.RootElement.Clone(), options);
    }

    /// <summary>Compiles a schema that is already parsed. The element is cloned, so the caller may dispose its document.</summary>
    /// <param name="schema">The schema.</param>
    /// <param name="options">Compilation settings; <see cref="JsonSchemaOptions.Default"/> when null.</param>
    /// <returns>The compiled, reusable validator.</returns>
    /// <exception cref="JsonSchemaLoadException">The schema is malformed or a reference cannot be resolved.</exception>
    public static JsonSchemaValidator FromElement(JsonElement schema, JsonSchemaOptions? options = null) =>
        new(schema.Clone(), options ?? JsonSchemaOptions.Default);

    /// <inheritdoc />
    public JsonSchemaResult Validate(JsonElement instance)
    {
        var context = EvaluationContext.Rent(_usesDynamicRef, _maxDepth, collect: false);
        if (_root.Evaluate(instance, context, null) && !context.DepthExceeded)
        {
            EvaluationContext.Return(context);
            return JsonSchemaResult.Valid;
        }

        List<JsonSchemaViolation> violations;
        if (context.DepthExceeded)
        {
            violations = [DepthViolation()];
        }
        else
        {
            // Second pass only for invalid instances: the happy path never builds paths or messages.
            context.Reset(collect: true);
            _root.Evaluate(instance, context, null);
            violations = context.Errors!;
            if (context.DepthExceeded)
            {
                violations.Add(DepthViolation());
            }
            else if (violations.Count == 0)
            {
                violations.Add(new JsonSchemaViolation(string.Empty, string.Empty, "The instance does not satisfy the schema."));
            }
        }

        EvaluationContext.Return(context);
        return new JsonSchemaResult(false, violations);
    }

    /// <summary>Checks validity without collecting violations (cheapest call when only a yes/no is needed).</summary>
    /// <param name="instance">The JSON value to check.</param>
    /// <returns>True when the instance satisfies the schema.</returns>
    public bool IsValid(JsonElement instance)
    {
        var context = EvaluationContext.Rent(_usesDynamicRef, _maxDepth, collect: false);
        var valid = _root.Evaluate(instance, context, null) && !context.DepthExceeded;
        EvaluationContext.Return(context);
        return valid;
    }

    private JsonSchemaViolation DepthViolation() => new(
        string.Empty,
        string.Empty,
        $"Validation stopped after {_maxDepth} nested schema evaluations: the instance is nested too deeply or the schema recurses "
        + "without consuming it. Raise JsonSchemaOptions.MaxDepth if the nesting is legitimate.");

    internal static JsonDocument ParseDocument(string json, int maxDepth = 512)
    {
        try
        {
            return JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = maxDepth + 1 });
        }
        catch (JsonException ex)
        {
            throw new JsonSchemaLoadException($"Schema is not valid JSON: {ex.Message}", ex);
        }
    }
}
