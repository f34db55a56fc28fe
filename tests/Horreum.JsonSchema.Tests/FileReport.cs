namespace Horreum.JsonSchema.Tests;

/// <summary>Outcome of every case in one suite file.</summary>
internal sealed class FileReport(string file)
{
    public string File { get; } = file;

    public List<(string Id, CaseOutcome Outcome, string? Detail)> Cases { get; } = [];

    public int Passed => Cases.Count(c => c.Outcome == CaseOutcome.Passed);

    public int Failed => Cases.Count(c => c.Outcome == CaseOutcome.Failed);

    public int WronglyAccepted => Cases.Count(c => c.Outcome == CaseOutcome.WronglyAccepted);

    public void Add(string id, CaseOutcome outcome, string? detail) => Cases.Add((id, outcome, detail));

    public string Summary => $"{File}: {Cases.Count} cases, {Passed} passed, {Failed} failed, {WronglyAccepted} wrongly accepted";
}
