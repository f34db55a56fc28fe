using System.CommandLine;
using Horreum.Cli.Infrastructure;
using Horreum.Migrations.Reporting;

namespace Horreum.Cli.Commands;

/// <summary><c>horreum status [--check]</c>: every migration with its state; exit 2 with --check when any is pending.</summary>
internal static class StatusCommand
{
    public static Command Create(GlobalOptions globals, TextWriter output, TextWriter error)
    {
        var check = new Option<bool>("--check") { Description = "Exit 2 when migrations are pending." };
        var command = new Command("status", "Show each migration and whether it is applied.") { check };
        command.SetAction((parse, ct) => CommandHost.RunAsync(parse, globals, output, error, async io =>
        {
            await using var session = await CliSession.OpenAsync(parse, globals, io).ConfigureAwait(false);
            var entries = await session.Runner.StatusAsync(ct).ConfigureAwait(false);
            var holder = await session.Runner.GetLockHolderAsync(ct).ConfigureAwait(false);
            if (io.Json)
            {
                io.WriteJson(StatusDocument.From(entries, holder));
            }
            else
            {
                io.Line($"Migrations on {session.Endpoint.Display} (registry {session.Runner.Registry.Keys.Prefix}):");
                io.Write(Render.Status(entries, io.Width));
                io.Line($"{entries.Count(e => e.IsPending)} pending.{(holder is null ? "" : $" Lock held by {holder.Host} pid {holder.Pid} ({holder.Operation}{(holder.CurrentMigration is null ? "" : ": " + holder.CurrentMigration)}).")}");
            }
            return parse.GetValue(check) && entries.Any(e => e.IsPending) ? ExitCodes.CheckFailed : ExitCodes.Ok;
        }));
        return command;
    }
}
