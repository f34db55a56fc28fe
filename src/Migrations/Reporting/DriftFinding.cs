using Horreum.Migrations.Drift;

namespace Horreum.Migrations.Reporting;

/// <summary>One finding of a <see cref="DriftDocument"/>.</summary>
/// <param name="Kind">model, history or data.</param>
/// <param name="Subject">The model or migration id.</param>
/// <param name="Field">The field, when the finding is about one.</param>
/// <param name="Change">What differs.</param>
/// <param name="Detail">A sentence for people.</param>
/// <param name="Severity">How much it matters.</param>
/// <param name="Count">How many records (data drift), else 1.</param>
/// <param name="ExampleKeys">A few keys (data drift).</param>
internal sealed record DriftFinding(DriftKind Kind, string Subject, string? Field, string Change, string Detail, DriftSeverity Severity, long Count, IReadOnlyList<string>? ExampleKeys);
