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

    public static Table Status(IReadOnlyList<MigrationStatusEntry> entries, int width)
    {
        var table = new FittedTable()
            .Column("Id").Column("State").Column("Applied at", priority: 3).Column("Duration", priority: 4, right: true)
            .Column("Scanned", priority: 5, right: true).Column("Modified", priority: 6, right: true).Column("Errors", priority: 2, right: true)
            .Column("Note", priority: 1, wrapAt: 12);
        foreach (var e in entries)
        {
            var r = e.Record;
            var note = e.CodeMissing ? "code missing" : e.ChecksumChanged ? "code changed since applied" : r?.Reason ?? r?.Error ?? "";
            table.Row(e.Id, e.State.ToString(), r is null ? "" : r.AppliedAt.ToString("u", CultureInfo.InvariantCulture),
                r is null ? "" : Ms(r.DurationMs), r is null ? "" : N(r.Scanned), r is null ? "" : N(r.Modified), r is null ? "" : N(r.Errors), Truncate(note, 60));
        }
        return table.Build(width);
    }

    /// <summary>The migrations Ruby Familia recorded, as Familia's metadata says.</summary>
    public static Table FamiliaStatus(IReadOnlyList<Horreum.Migrations.Registry.FamiliaAppliedMigration> entries, int width)
    {
        var table = new FittedTable()
            .Column("Id").Column("State").Column("Applied at", priority: 3).Column("Duration", priority: 4, right: true)
            .Column("Scanned", priority: 5, right: true).Column("Modified", priority: 6, right: true).Column("Errors", priority: 2, right: true)
            .Column("Note", priority: 1, wrapAt: 12);
        foreach (var e in entries)
        {
            table.Row(e.Id, (e.Status ?? "applied") + " (Ruby)", e.AppliedAt?.ToString("u", CultureInfo.InvariantCulture) ?? "",
                e.DurationMs is { } d ? Ms(d) : "", e.KeysScanned is { } s ? N(s) : "", e.KeysModified is { } m ? N(m) : "", e.Errors is { } x ? N(x) : "",
                Truncate(e.Note ?? "", 60));
        }
        return table.Build(width);
    }

    public static Table Run(MigrationRunResult run, int width)
    {
        var table = new FittedTable()
            .Column("Id").Column(run.DryRun ? "Would" : "Outcome").Column("Scanned", priority: 1, right: true)
            .Column(run.DryRun ? "To change" : "Changed", priority: 2, right: true).Column("Errors", priority: 3, right: true)
            .Column("Duration", priority: 4, right: true).Column("Fields", priority: 5, right: true).Column("Records/s", priority: 6, right: true);
        foreach (var m in run.Migrations)
        {
            table.Row(m.Id, m.Outcome.ToString(), N(m.Scanned), N(m.Modified), N(m.Errors), Ms(m.Duration.TotalMilliseconds), N(m.FieldsChanged),
                m.Scanned > 0 ? N((long)m.RecordsPerSecond) : "");
        }
        return table.Build(width);
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
            foreach (var f in m.Findings)
            {
                yield return $"  {m.Id}: {f.Model}.{f.Field}: {N(f.Count)} value(s) {f.Detail} [{f.Kind}; e.g. {string.Join(", ", f.ExampleKeys)}]";
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

    public static Table History(IReadOnlyList<RegistryEvent> events, int width)
    {
        var table = new FittedTable()
            .Column("At").Column("Id").Column("Status", wrapAt: 7).Column("Duration", priority: 2, right: true)
            .Column("Host", priority: 3).Column("Detail", priority: 1, wrapAt: 12);
        foreach (var e in events)
        {
            table.Row(e.At.ToString("u", CultureInfo.InvariantCulture), e.MigrationId, e.Status.ToString(), Ms(e.DurationMs), e.Host ?? "", Truncate(e.Detail ?? "", 60));
        }
        return table.Build(width);
    }

    public static string Truncate(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
