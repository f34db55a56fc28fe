namespace Horreum.JsonSchema.Tests;

/// <summary>
/// The official JSON-Schema-Test-Suite (drafts 2020-12 and 7, plus the optional files for the formats we assert).
/// Every file must have zero wrongly accepted instances; required files must pass every case not listed in
/// <see cref="Exclusions"/>, and an exclusion that starts passing fails the test so the list stays honest.
/// </summary>
public sealed class JsonSchemaConformanceTests(ITestOutputHelper output)
{
    /// <summary>Required cases knowingly not passed, each with the reason. Keyed by "file: group / test".</summary>
    public static readonly IReadOnlyDictionary<string, string> Exclusions = new Dictionary<string, string>(StringComparer.Ordinal)
    {
    };

    public static TheoryData<string> RequiredFiles()
    {
        var data = new TheoryData<string>();
        foreach (var f in SchemaTestSuite.RequiredFiles("draft2020-12").Concat(SchemaTestSuite.RequiredFiles("draft7")))
        {
            data.Add(f);
        }

        if (data.Count == 0)
        {
            data.Add("(suite missing)");
        }

        return data;
    }

    public static TheoryData<string> FormatFiles()
    {
        var data = new TheoryData<string>();
        foreach (var f in SchemaTestSuite.FormatFiles("draft2020-12").Concat(SchemaTestSuite.FormatFiles("draft7")))
        {
            data.Add(f);
        }

        if (data.Count == 0)
        {
            data.Add("(suite missing)");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RequiredFiles))]
    public void Required_file_passes_every_case_not_excluded(string file)
    {
        if (SchemaTestSuite.Root is null)
        {
            Assert.Fail(SchemaTestSuite.MissingMessage);
        }

        var report = SchemaTestSuite.Run(file);
        Write(report);
        Assert.Equal(0, report.WronglyAccepted);
        var unexpected = report.Cases
            .Where(c => c.Outcome != CaseOutcome.Passed && !Exclusions.ContainsKey(c.Id))
            .Select(c => c.Id + " -> " + c.Detail)
            .ToList();
        Assert.True(unexpected.Count == 0, "Failing required cases:\n" + string.Join("\n", unexpected));
        var stale = report.Cases.Where(c => c.Outcome == CaseOutcome.Passed && Exclusions.ContainsKey(c.Id)).Select(c => c.Id).ToList();
        Assert.True(stale.Count == 0, "Excluded cases now pass; remove them from Exclusions:\n" + string.Join("\n", stale));
    }

    [Theory]
    [MemberData(nameof(FormatFiles))]
    public void Format_file_never_accepts_an_invalid_instance(string file)
    {
        if (SchemaTestSuite.Root is null)
        {
            Assert.Fail(SchemaTestSuite.MissingMessage);
        }

        var report = SchemaTestSuite.Run(file);
        Write(report);
        Assert.Equal(0, report.WronglyAccepted);
    }

    [Fact]
    public void Suite_totals_per_draft_are_reported()
    {
        if (SchemaTestSuite.Root is null)
        {
            Assert.Fail(SchemaTestSuite.MissingMessage);
        }

        foreach (var draft in new[] { "draft2020-12", "draft7" })
        {
            foreach (var (label, files) in new[] { ("required", SchemaTestSuite.RequiredFiles(draft)), ("format", SchemaTestSuite.FormatFiles(draft)) })
            {
                var reports = files.Select(SchemaTestSuite.Run).ToList();
                var cases = reports.Sum(r => r.Cases.Count);
                output.WriteLine(
                    $"{draft} {label}: {reports.Count} files, {cases} cases, {reports.Sum(r => r.Passed)} passed, "
                    + $"{reports.Sum(r => r.Failed)} failed, {reports.Sum(r => r.WronglyAccepted)} wrongly accepted");
                Assert.True(cases > 0);
                Assert.Equal(0, reports.Sum(r => r.WronglyAccepted));
            }
        }
    }

    private void Write(FileReport report)
    {
        output.WriteLine(report.Summary);
        foreach (var (id, outcome, detail) in report.Cases.Where(c => c.Outcome != CaseOutcome.Passed))
        {
            output.WriteLine($"  {outcome}{(Exclusions.ContainsKey(id) ? " (excluded)" : string.Empty)}: {id} -> {detail}");
        }
    }
}
