using System.Globalization;
using System.Text;
using Horreum.JsonSchema;

namespace Horreum.Orm.Schema;

/// <summary>
/// A record does not satisfy its model's JSON Schema. Thrown by saves of models with
/// <c>[Feature("schema_validation")]</c> before any command is sent, so nothing was written.
/// </summary>
public sealed class SchemaValidationException : HorreumException
{
    /// <summary>Creates the exception.</summary>
    public SchemaValidationException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public SchemaValidationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public SchemaValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for the record at <paramref name="key"/>, listing every violation in the message.</summary>
    /// <param name="key">The record's object hash key.</param>
    /// <param name="modelType">The model class.</param>
    /// <param name="violations">Every violation found.</param>
    /// <param name="schemaSource">Where the schema came from (file, resource or explicit mapping), when known.</param>
    public SchemaValidationException(string key, Type modelType, IReadOnlyList<JsonSchemaViolation> violations, string? schemaSource)
        : base(Describe(key, modelType, violations, schemaSource))
    {
        Key = key;
        ModelType = modelType;
        Violations = violations;
        SchemaSource = schemaSource;
    }

    /// <summary>The record's object hash key.</summary>
    public string Key { get; } = "";

    /// <summary>The model class.</summary>
    public Type? ModelType { get; }

    /// <summary>Every violation: a JSON Pointer into the record's JSON form (<c>/age</c>) and a message.</summary>
    public IReadOnlyList<JsonSchemaViolation> Violations { get; } = [];

    /// <summary>Where the schema came from, when known.</summary>
    public string? SchemaSource { get; }

    private static string Describe(string key, Type modelType, IReadOnlyList<JsonSchemaViolation> violations, string? source)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(modelType);
        ArgumentNullException.ThrowIfNull(violations);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{key} ({modelType.Name}) does not satisfy its JSON Schema");
        if (source is not null)
        {
            sb.Append(CultureInfo.InvariantCulture, $" ({source})");
        }
        sb.Append(CultureInfo.InvariantCulture, $"; nothing was written. {violations.Count} violation(s):");
        foreach (var v in violations)
        {
            // The root pointer is empty text; name it so the line still reads as "where: what".
            var where = v.InstancePointer.Length == 0 ? "(record)" : v.InstancePointer;
            sb.Append(CultureInfo.InvariantCulture, $"\n  {where}: {v.Message}");
        }
        return sb.ToString();
    }
}
