namespace Horreum.JsonSchema;

/// <summary>The draft plus the vocabularies a meta-schema enables (2020-12 <c>$vocabulary</c>).</summary>
internal sealed record SchemaDialect(JsonSchemaDraft Draft, bool Applicator, bool Validation, bool Unevaluated, bool Format)
{
    public static SchemaDialect Draft7 { get; } = new(JsonSchemaDraft.Draft7, true, true, false, true);

    public static SchemaDialect Draft202012 { get; } = new(JsonSchemaDraft.Draft202012, true, true, true, true);

    public static SchemaDialect For(JsonSchemaDraft draft) => draft == JsonSchemaDraft.Draft7 ? Draft7 : Draft202012;
}
