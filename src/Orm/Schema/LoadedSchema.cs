using Horreum.JsonSchema;

namespace Horreum.Orm.Schema;

/// <summary>A model's compiled validator and where it came from (for error messages).</summary>
internal sealed record LoadedSchema(IJsonSchemaValidator Validator, string Source);
