using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Horreum.Benchmarks;

/// <summary>
/// Compares a pass report with the committed baseline. Ratios are compared, not raw rates: the ceiling is measured
/// in the same run, so a ratio survives a slower or busier machine far better than records/s does.
/// </summary>
public static class BaselineComparer
{
    /// <summary>
    /// <c>compare --baseline b.json --current c.json [--mode full|quick] [--threshold 0.25] [--summary out.md]</c>; exit 1 when a ratio
    /// fell (or a cost rose) by more than the threshold.
    /// </summary>
    /// <summary>Exit code of a run whose ratios regressed past the threshold (distinct from a crash or a failed build).</summary>
    public const int RegressionExitCode = 3;

    public static int Run(string[] args)
    {
        string Arg(string name, string? fallback = null)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback ?? throw new ArgumentException($"{name} is required.");
        }
        // The baseline file holds one report per mode ("full": the 1M pass, "quick": the CI smoke's 20k pass).
        var baselineFile = JsonNode.Parse(File.ReadAllText(Arg("--baseline")))!;
        var baseline = baselineFile[Arg("--mode", "full")] ?? throw new ArgumentException($"{Arg("--baseline")} has no '{Arg("--mode", "full")}' report.");
        var current = JsonNode.Parse(File.ReadAllText(Arg("--current")))!;
        var threshold = double.Parse(Arg("--threshold", "0.25"), CultureInfo.InvariantCulture);

        var rows = new List<(string Name, double Baseline, double Current, bool HigherIsBetter, double Slack)>
        {
            ("engine, stored bytes / ceiling", Ratio(baseline, "engineBytesToCeiling"), Ratio(current, "engineBytesToCeiling"), true, 0),
            ("engine, typed / ceiling", Ratio(baseline, "engineTypedToCeiling"), Ratio(current, "engineTypedToCeiling"), true, 0),
            ("engine, typed with backups / ceiling", Ratio(baseline, "engineTypedBackupToCeiling"), Ratio(current, "engineTypedBackupToCeiling"), true, 0),
            ("engine, model (WriteFieldsAsync, backups) / ceiling", Ratio(baseline, "engineModelToCeiling"), Ratio(current, "engineModelToCeiling"), true, 0),
            ("engine, built-in v1→v2 / ceiling", Ratio(baseline, "engineV1v2ToCeiling"), Ratio(current, "engineV1v2ToCeiling"), true, 0),
            ("engine typed RESP / engine typed SE", Ratio(baseline, "engineTypedToEngineSe"), Ratio(current, "engineTypedToEngineSe"), true, 0),
            ("engine, stored bytes: bytes allocated / record", Approach(baseline, "engine-bytes", "allocatedBytesPerRecord"), Approach(current, "engine-bytes", "allocatedBytesPerRecord"), false, 16),
            ("engine, stored bytes: peak RSS MB", Approach(baseline, "engine-bytes", "peakRssMb"), Approach(current, "engine-bytes", "peakRssMb"), false, 5),
            ("engine, typed: bytes allocated / record", Approach(baseline, "engine-typed", "allocatedBytesPerRecord"), Approach(current, "engine-typed", "allocatedBytesPerRecord"), false, 16),
        };
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Pass over {current["records"]} records (baseline: {baseline["records"]} records, {baseline["date"]}); threshold {threshold:P0}");
        text.AppendLine();
        text.AppendLine("| measure | baseline | current | change | verdict |");
        text.AppendLine("|---|---|---|---|---|");
        var failed = false;
        foreach (var (name, was, now, higher, slack) in rows)
        {
            var change = was == 0 ? 0 : (now - was) / was;
            // Slack: an absolute change too small to matter (1 → 1.7 bytes per record is +70 %, and nothing).
            var regressed = higher ? change < -threshold : change > threshold && now - was > slack;
            failed |= regressed;
            text.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {was:0.###} | {now:0.###} | {change:+0.0%;-0.0%} | {(regressed ? "REGRESSION" : "ok")} |");
        }
        Console.WriteLine(text);
        var summary = Arg("--summary", "");
        if (summary.Length > 0)
        {
            File.WriteAllText(summary, text.ToString());
        }
        return failed ? RegressionExitCode : 0;
    }

    private static double Ratio(JsonNode report, string name) => report["ratios"]?[name]?.GetValue<double>() ?? 0;

    // 0 when the report has no such approach (an older baseline): the row then shows no change.
    private static double Approach(JsonNode report, string approach, string name) =>
        report["approaches"]!.AsArray().Where(a => a!["name"]!.GetValue<string>() == approach).Select(a => a![name]!.GetValue<double>()).DefaultIfEmpty(0).Min();
}
