namespace Horreum.Migrations.Drift;

/// <summary>One difference.</summary>
/// <param name="Kind">Model, history or data.</param>
/// <param name="Subject">The model (class name) or migration id.</param>
/// <param name="Field">The field (storage name) when the difference is about one.</param>
/// <param name="Change">What differs, e.g. <c>added</c>, <c>removed</c>, <c>type changed</c>, <c>not v2</c>.</param>
/// <param name="Detail">A sentence for people (old → new, counts, example keys).</param>
/// <param name="Severity">How much it matters.</param>
/// <param name="Count">How many records (data drift), else 1.</param>
/// <param name="ExampleKeys">A few keys (data drift).</param>
public sealed record DriftItem(DriftKind Kind, string Subject, string? Field, string Change, string Detail, DriftSeverity Severity, long Count = 1, IReadOnlyList<string>? ExampleKeys = null);
