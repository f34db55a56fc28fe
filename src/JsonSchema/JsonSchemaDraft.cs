namespace Horreum.JsonSchema;

/// <summary>The JSON Schema dialects this validator understands.</summary>
public enum JsonSchemaDraft
{
    /// <summary>JSON Schema 2020-12 (<c>https://json-schema.org/draft/2020-12/schema</c>), the default.</summary>
    Draft202012 = 0,

    /// <summary>JSON Schema draft 7 (<c>http://json-schema.org/draft-07/schema#</c>).</summary>
    Draft7 = 1,
}
