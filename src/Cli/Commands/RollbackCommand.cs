using System.CommandLine;
using Horreum.Cli.Infrastructure;
using Horreum.Migrations.Reporting;

namespace Horreum.Cli.Commands;

/// <summary><c>horreum rollback ID [--run] [--yes]</c>: a preview unless --run.</summary>
internal static class RollbackCommand
{
    public static Command Create(GlobalOptions globals, TextWriter output, TextWriter error)
    {
        var id = new Argument<string>("id") { Description = "The migration to roll back." };
        var run = new Option<bool>("--run") { Description = "Roll back for real (without it: a preview that writes nothing)." };
        var yes = new Option<bool>("--yes") { Description = "Do not ask for confirmation on a terminal." };
        var command = new Command("rollback", "Undo an applied migration (its down step and its field backups).") { id, run, yes };
        command.SetAction((parse, ct) => CommandHost.RunAsync(parse, globals, output, error, async io =>
        {
            await using var session = await CliSession.OpenAsync(parse, globals, io).ConfigureAwait(false);
            var real = parse.GetValue(run);
            var target = parse.GetValue(id)!;
            if (real && !Confirm.Ask(io, parse.GetValue(yes), $"Roll back {target} on {session.Endpoint.Display}?"))
            {
                return io.Fail(CliError.Cancelled);
            }
            var result = await session.Runner.RollbackAsync(target, dryRun: !real, ct).ConfigureAwait(false);
            if (io.Json)
            {
                io.WriteJson(RollbackDocument.From(result));
            }
            else if (result.DryRun)
            {
                io.Line($"Rollback preview of {result.Id} (nothing written; add --run): {result.BackedUpFields:N0} backed-up fields would be restored.");
                foreach (var w in result.PlannedWrites.Take(io.Verbose ? 50 : 3))
                {
                    io.Line($"    would: {Render.Truncate(w, 140)}");
                }
            }
            else
            {
                io.Line($"Rolled back {result.Id}: {result.FieldsRestored:N0} fields restored, {result.FieldsDeleted:N0} removed, in {result.Duration.TotalMilliseconds:0} ms.");
            }
            return ExitCodes.Ok;
        }));
        return command;
    }
}
