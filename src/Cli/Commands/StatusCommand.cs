using System.CommandLine;
using Horreum.Cli.Infrastructure;
using Horreum.Migrations.Registry;
using Horreum.Migrations.Reporting;

namespace Horreum.Cli.Commands;

/// <summary><c>horreum status [--check]</c>: every migration with its state; exit 2 with --check when any is pending.</summary>
internal static class StatusCommand
{
    public static Command Create(GlobalOptions globals, TextWriter output, TextWriter error)
    {
        var check = new Option<bool>("--check") { Description = "Exit 2 when migrations are pending." };
        var familiaPrefix = new Option<string>("--familia-prefix")
        {
            Description = "Where Ruby Familia records its migrations (shown read-only).",
            DefaultValueFactory = _ => FamiliaMigrationLedger.DefaultPrefix,
        };
        var command = new Command("status", "Show each migration and whether it is applied.") { check, familiaPrefix };
        command.SetAction((parse, ct) => CommandHost.RunAsync(parse, globals, output, error, async io =>
        {
            await using var session = await CliSession.OpenAsync(parse, globals, io).ConfigureAwait(false);
            var entries = await session.Runner.StatusAsync(ct).ConfigureAwait(false);
            var holder = await session.Runner.GetLockHolderAsync(ct).ConfigureAwait(false);
            var familia = await FamiliaMigrationLedger.ReadAsync(session.Client.Database, parse.GetValue(familiaPrefix) ?? FamiliaMigrationLedger.DefaultPrefix, ct).ConfigureAwait(false);
            if (io.Json)
            {
                io.WriteJson(StatusDocument.From(entries, holder, familia));
            }
            else
            {
                io.Line($"Migrations on {session.Endpoint.Display} (registry {session.Runner.Registry.Keys.Prefix}):");
                io.Write(Render.Status(entries, io.Width));
                if (familia.Count > 0)
                {
                    io.Line("Applied by Ruby Familia (read-only, not in this registry):");
                    io.Write(Render.FamiliaStatus(familia, io.Width));
                }
                io.Line($"{entries.Count(e => e.IsPending)} pending.{(holder is null ? "" : $" Lock held by {holder.Host} pid {holder.Pid} ({holder.Operation}{(holder.CurrentMigration is null ? "" : ": " + holder.CurrentMigration)}).")}");
            }
            return parse.GetValue(check) && entries.Any(e => e.IsPending) ? ExitCodes.CheckFailed : ExitCodes.Ok;
        }));
        return command;
    }
}
