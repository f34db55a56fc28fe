using Horreum.JsonSchema;

namespace Horreum.Orm.Schema;

/// <summary>
/// One explicit mapping of a model to its schema: a ready validator, a file, or schema text. Files and text are
/// compiled when the model is first used, so a bad mapping fails at load with the model's name.
/// </summary>
internal sealed record ExplicitSchema(IJsonSchemaValidator? Validator, string? Path, string? Json)
{
    public string Describe() => Validator is not null
        ? $"explicit validator {Validator.GetType().Name}"
        : Path is not null ? System.IO.Path.GetFullPath(Path) : "explicit schema JSON";
}
