using Horreum.Orm.Modeling;

namespace Horreum.Orm.Tests.Schema;

// Each model's snake_case name picks its schema by convention: schemas/{name}.json (copied to the output
// directory) or an embedded resource *.{name}.json.

[Feature("schema_validation")]
public sealed class SchemaCustomer
{
    [Identifier] public string Id { get; set; } = "";
    public string? Name { get; set; }
    public string? Email { get; set; }
    public int? Age { get; set; }
    public List<string>? Tags { get; set; }
}

[Feature("schema_validation")]
public sealed class EmbeddedGadget
{
    [Identifier] public string Id { get; set; } = "";
    public int? Size { get; set; }
}

/// <summary>Has a convention file (label at most 3 characters) that explicit mappings override.</summary>
[Feature("schema_validation")]
public sealed class MappedThing
{
    [Identifier] public string Id { get; set; } = "";
    public string? Label { get; set; }
}

/// <summary>Declares the feature but has no schema anywhere.</summary>
[Feature("schema_validation")]
public sealed class UnschemedModel
{
    [Identifier] public string Id { get; set; } = "";
}

/// <summary>schemas/broken/broken_model.json is not JSON.</summary>
[Feature("schema_validation")]
public sealed class BrokenModel
{
    [Identifier] public string Id { get; set; } = "";
}

/// <summary>schemas/broken/bad_keyword_model.json is JSON with a malformed keyword.</summary>
[Feature("schema_validation")]
public sealed class BadKeywordModel
{
    [Identifier] public string Id { get; set; } = "";
}

/// <summary>schemas/broken/remote_ref_model.json references an http:// schema nobody registered.</summary>
[Feature("schema_validation")]
public sealed class RemoteRefModel
{
    [Identifier] public string Id { get; set; } = "";
}

/// <summary>No feature: saves are never validated, but the repository can still validate on request.</summary>
public sealed class PlainNote
{
    [Identifier] public string Id { get; set; } = "";
    public string? Text { get; set; }
}

/// <summary>schemas/broken/typo_model.json misspells keywords (<c>requird</c>, <c>maxLenght</c>): strict mode must refuse it.</summary>
[Feature("schema_validation")]
public sealed class TypoModel
{
    [Identifier] public string Id { get; set; } = "";
    public string? Email { get; set; }
}
