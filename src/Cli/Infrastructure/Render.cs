using System.Globalization;
using Horreum.Migrations.Engine;
using Horreum.Migrations.Planning;
using Horreum.Migrations.Registry;
using Spectre.Console;

namespace Horreum.Cli.Infrastructure;

/// <summary>Tables for people; the JSON shapes for scripts are the shared documents of Horreum.Migrations.Reporting.</summary>
internal static class Render
{
    private static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string Ms(double ms) => ms < 1000 ? $"{ms:0} ms" : $"{ms / 1000:0.0} s";

    public static Table Status(IReadOnlyList<MigrationStatusEntry> entries)
    {
        var table = new Table().AddColumns("Id", "State", "Applied at", "Duration", "Scanned", "Modified", "Errors", "Note");
        foreach (var e in entries)
        {
            var r = e.Record;
            var note = e.CodeMissing ? "code missing" : e.ChecksumChanged ? "code changed since applied" : r?.Reason ?? r?.Error ?? "";
            table.AddRow(Markup.Escape(e.Id), e.State.ToString(), r is null ? "" : r.AppliedAt.ToString("u", CultureInfo.InvariantCulture),
                r is null ? "" : Ms(r.DurationMs), r is null ? "" : N(r.Scanned), r is null ? "" : N(r.Modified), r is null ? "" : N(r.Errors), Markup.Escape(Truncate(note, 60)));
        }
        return table;
    }

    public static Table Run(MigrationRunResult run)
    {
        var table = new Table().AddColumns("Id", run.DryRun ? "Would" : "Outcome", "Scanned", run.DryRun ? "Would change" : "Changed", "Fields", "Errors", "Duration", "Records/s");
        foreach (var m in run.Migrations)
        {
            table.AddRow(Markup.Escape(m.Id), m.Outcome.ToString(), N(m.Scanned), N(m.Modified), N(m.FieldsChanged), N(m.Errors),
                Ms(m.Duration.TotalMilliseconds), m.Scanned > 0 ? N((long)m.RecordsPerSecond) : "");
        }
        return table;
    }

    public static IEnumerable<string> RunDetails(MigrationRunResult run, bool verbose)
    {
        foreach (var m in run.Migrations)
        {
            if (m.Reason is not null)
            {
                yield return $"  {m.Id}: not needed: {m.Reason}";
            }
            if (m.Resumed)
            {
                yield return $"  {m.Id}: resumed from its checkpoint after {m.ResumedFrom!.Scanned:N0} records (the counts include them)";
            }
            if (m.Note is not null)
            {
                yield return $"  {m.Id}: {m.Note}";
            }
            if (m.Error is not null)
            {
                yield return $"  {m.Id}: FAILED: {m.Error}";
            }
            foreach (var e in m.ErrorSamples.Take(verbose ? 100 : 5))
            {
                yield return $"    {e.Key}: {e.Message}";
            }
            if (m.Stats.Count > 0)
            {
                yield return $"  {m.Id}: " + string.Join(", ", m.Stats.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}={N(s.Value)}"));
            }
            foreach (var w in m.PlannedWrites.Take(verbose ? 50 : 2))
            {
                yield return $"    would: {Truncate(w, 140)}";
            }
        }
    }

    public static Table History(IReadOnlyList<RegistryEvent> events)
    {
        var table = new Table().AddColumns("At", "Id", "Status", "Duration", "Host", "Detail");
        foreach (var e in events)
        {
            table.AddRow(e.At.ToString("u", CultureInfo.InvariantCulture), Markup.Escape(e.MigrationId), e.Status.ToString(), Ms(e.DurationMs), Markup.Escape(e.Host ?? ""), Markup.Escape(Truncate(e.Detail ?? "", 60)));
        }
        return table;
    }

    public static string Truncate(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
