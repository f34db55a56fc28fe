using System.Text.Json;

namespace Horreum.JsonSchema;

/// <summary>Validates JSON instances against a compiled schema.</summary>
public interface IJsonSchemaValidator
{
    /// <summary>Validates <paramref name="instance"/> and returns every violation found.</summary>
    /// <param name="instance">The JSON value to check.</param>
    /// <returns>The outcome; <see cref="JsonSchemaResult.IsValid"/> is true when there are no violations.</returns>
    JsonSchemaResult Validate(JsonElement instance);
}
