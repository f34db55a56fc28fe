using System.CommandLine;
using Horreum.Cli.Infrastructure;
using Horreum.Migrations.Reporting;
using Horreum.Migrations.Engine;

namespace Horreum.Cli.Commands;

/// <summary><c>horreum migrate [--run] [--limit N] [--only ID] [--yes]</c>: a dry run unless --run.</summary>
internal static class MigrateCommand
{
    public static Command Create(GlobalOptions globals, TextWriter output, TextWriter error)
    {
        var run = new Option<bool>("--run") { Description = "Apply for real (without it: a dry run that writes nothing)." };
        var limit = new Option<int?>("--limit") { Description = "Run at most N pending migrations." };
        var only = new Option<string?>("--only") { Description = "Run only this migration id." };
        var yes = new Option<bool>("--yes") { Description = "Do not ask for confirmation on a terminal." };
        var command = new Command("migrate", "Preview (default) or apply pending migrations.") { run, limit, only, yes };
        command.SetAction((parse, ct) => CommandHost.RunAsync(parse, globals, output, error, async io =>
        {
            await using var session = await CliSession.OpenAsync(parse, globals, io).ConfigureAwait(false);
            var real = parse.GetValue(run);
            if (real && !Confirm.Ask(io, parse.GetValue(yes), $"Apply pending migrations to {session.Endpoint.Display}?"))
            {
                return io.Fail(CliError.Cancelled);
            }
            var result = await session.Runner.RunAsync(new MigrationRunOptions { DryRun = !real, Limit = parse.GetValue(limit), Only = parse.GetValue(only), Progress = real ? new ProgressPrinter(io) : null }, ct).ConfigureAwait(false);
            Print(io, result);
            return result.Succeeded ? ExitCodes.Ok : ExitCodes.Failure;
        }));
        return command;
    }

    public static void Print(CliIo io, MigrationRunResult result)
    {
        if (io.Json)
        {
            io.WriteJson(RunDocument.From(result));
            return;
        }
        if (result.Migrations.Count == 0)
        {
            io.Line("Nothing to do: no pending migrations.");
            return;
        }
        io.Line(result.DryRun
            ? result.Succeeded ? "Dry run (nothing written; add --run to apply):" : "Dry run found a failure (nothing written):"
            : result.Succeeded ? "Applied:" : "Failed (migrations listed before the failed one were applied; the rest did not run):");
        io.Write(Render.Run(result, io.Width));
        foreach (var line in Render.RunDetails(result, io.Verbose))
        {
            io.Line(line);
        }
    }
}
