namespace Horreum.Migrations.Engine;

/// <summary>
/// Values a migration reports without failing (e.g. the v1 → v2 upgrade's ambiguous values), counted per model,
/// field and kind, so a dry run shows them and you can decide before the real run.
/// </summary>
/// <param name="Model">The model (class name).</param>
/// <param name="Field">The field (storage name).</param>
/// <param name="Kind">What was found, e.g. <c>ambiguous null</c>.</param>
/// <param name="Count">How many values.</param>
/// <param name="ExampleKeys">The first few keys holding one.</param>
/// <param name="Detail">What they hold and what the migration does with them.</param>
public sealed record MigrationFinding(string Model, string Field, string Kind, long Count, IReadOnlyList<string> ExampleKeys, string Detail);
