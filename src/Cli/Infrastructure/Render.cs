using System.Globalization;
using Horreum.Migrations.Engine;
using Horreum.Migrations.Planning;
using Horreum.Migrations.Registry;
using Spectre.Console;

namespace Horreum.Cli.Infrastructure;

/// <summary>Tables for people and JSON shapes for scripts (field names documented in docs/cli.md).</summary>
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

    /// <summary>The migrations Ruby Familia recorded, as Familia's metadata says.</summary>
    public static Table FamiliaStatus(IReadOnlyList<Horreum.Migrations.Registry.FamiliaAppliedMigration> entries)
    {
        var table = new Table().AddColumns("Id", "State", "Applied at", "Duration", "Scanned", "Modified", "Errors", "Note");
        foreach (var e in entries)
        {
            table.AddRow(Markup.Escape(e.Id), Markup.Escape((e.Status ?? "applied") + " (Ruby)"), e.AppliedAt?.ToString("u", CultureInfo.InvariantCulture) ?? "",
                e.DurationMs is { } d ? Ms(d) : "", e.KeysScanned is { } s ? N(s) : "", e.KeysModified is { } m ? N(m) : "", e.Errors is { } x ? N(x) : "",
                Markup.Escape(Truncate(e.Note ?? "", 60)));
        }
        return table;
    }

    public static object StatusJson(IReadOnlyList<MigrationStatusEntry> entries, Horreum.Migrations.Locking.MigrationLockHolder? holder = null,
        IReadOnlyList<Horreum.Migrations.Registry.FamiliaAppliedMigration>? familia = null) => new
    {
        pending = entries.Count(e => e.IsPending),
        lock_holder = holder,
        familia_migrations = (familia ?? []).Select(f => new
        {
            id = f.Id,
            state = f.Status ?? "applied",
            applied_by = "ruby-familia",
            applied_at = f.AppliedAt,
            duration_ms = f.DurationMs,
            keys_scanned = f.KeysScanned,
            keys_modified = f.KeysModified,
            errors = f.Errors,
            reversible = f.Reversible,
            note = f.Note,
        }),
        migrations = entries.Select(e => new
        {
            id = e.Id,
            description = e.Description,
            state = e.State,
            applied_at = e.Record?.AppliedAt,
            duration_ms = e.Record?.DurationMs,
            scanned = e.Record?.Scanned,
            modified = e.Record?.Modified,
            errors = e.Record?.Errors,
            reason = e.Record?.Reason,
            error = e.Record?.Error,
            checksum = e.Record?.Checksum,
            checksum_changed = e.ChecksumChanged,
            code_missing = e.CodeMissing,
        }).ToArray(),
    };

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

    public static object RunJson(MigrationRunResult run) => new
    {
        dry_run = run.DryRun,
        succeeded = run.Succeeded,
        migrations = run.Migrations.Select(m => new
        {
            id = m.Id,
            outcome = m.Outcome,
            scanned = m.Scanned,
            modified = m.Modified,
            fields_changed = m.FieldsChanged,
            errors = m.Errors,
            error_keys = m.ErrorSamples.Select(e => new { key = e.Key, message = e.Message }).ToArray(),
            duration_ms = m.Duration.TotalMilliseconds,
            records_per_second = m.RecordsPerSecond,
            reason = m.Reason,
            resumed = m.Resumed,
            note = m.Note,
            error = m.Error,
            stats = m.Stats,
            planned_writes = m.PlannedWrites.Take(100).ToArray(),
        }).ToArray(),
    };

    public static object ProblemsJson(IReadOnlyList<MigrationProblem> problems) => new
    {
        valid = problems.Count == 0,
        problems = problems.Select(p => new { kind = p.Kind, migration_id = p.MigrationId, related = p.Related, message = p.Message }).ToArray(),
    };

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
