using System.CommandLine;
using Horreum.Cli.Infrastructure;
using Horreum.Migrations.Drift;
using Horreum.Migrations.Reporting;
using Spectre.Console;

namespace Horreum.Cli.Commands;

/// <summary><c>horreum drift [--data] [--sample N] [--check]</c>: model, history and (optionally) data drift.</summary>
internal static class DriftCommand
{
    public static Command Create(GlobalOptions globals, TextWriter output, TextWriter error)
    {
        var data = new Option<bool>("--data") { Description = "Also read records: values not in v2 format or failing their schema." };
        var sample = new Option<int?>("--sample") { Description = "With --data: read at most N records per model." };
        var check = new Option<bool>("--check") { Description = "Exit 2 when any drift is found." };
        var command = new Command("drift", "Compare models, applied migrations and stored data with what the code says.") { data, sample, check };
        command.SetAction((parse, ct) => CommandHost.RunAsync(parse, globals, output, error, async io =>
        {
            await using var session = await CliSession.OpenAsync(parse, globals, io).ConfigureAwait(false);
            var report = await new DriftDetector(session.Client, session.Runner).CheckAsync(session.Models, parse.GetValue(data), parse.GetValue(sample), ct).ConfigureAwait(false);
            Print(io, report);
            return parse.GetValue(check) && report.HasDrift ? ExitCodes.CheckFailed : ExitCodes.Ok;
        }));
        return command;
    }

    public static void Print(CliIo io, DriftReport report)
    {
        if (io.Json)
        {
            io.WriteJson(DriftDocument.From(report));
            return;
        }
        if (!report.HasDrift)
        {
            io.Line($"No drift{(report.RecordsChecked > 0 ? $" ({report.RecordsChecked:N0} records checked)" : "")}.");
            return;
        }
        var table = new Table().AddColumns("Kind", "Subject", "Field", "Change", "Severity", "Count", "Detail");
        foreach (var i in report.Items)
        {
            table.AddRow(i.Kind.ToString(), Markup.Escape(i.Subject), Markup.Escape(i.Field ?? ""), i.Change, i.Severity.ToString(), i.Count.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(Render.Truncate(i.Detail, 70)));
        }
        io.Write(table);
        io.Line($"Drift: {report.Severity}{(report.RecordsChecked > 0 ? $" ({report.RecordsChecked:N0} records checked)" : "")}.");
    }
}
