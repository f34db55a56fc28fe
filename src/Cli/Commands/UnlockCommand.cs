using System.CommandLine;
using Horreum.Cli.Infrastructure;
using Horreum.Migrations.Reporting;

namespace Horreum.Cli.Commands;

/// <summary><c>horreum unlock [--force]</c>: show the runner lock's holder; with --force, break it.</summary>
internal static class UnlockCommand
{
    public static Command Create(GlobalOptions globals, TextWriter output, TextWriter error)
    {
        var force = new Option<bool>("--force") { Description = "Break the lock whoever holds it (a live runner stops at its next heartbeat)." };
        var command = new Command("unlock", "Show who holds the migration lock; --force breaks it.") { force };
        command.SetAction((parse, ct) => CommandHost.RunAsync(parse, globals, output, error, async io =>
        {
            await using var session = await CliSession.OpenAsync(parse, globals, io).ConfigureAwait(false);
            if (!parse.GetValue(force))
            {
                var holder = await session.Runner.GetLockHolderAsync(ct).ConfigureAwait(false);
                if (io.Json)
                {
                    io.WriteJson(LockDocument.From(holder));
                }
                else
                {
                    io.Line(holder is null ? "The migration lock is free." : $"Held by {holder.Host} pid {holder.Pid} (run {holder.RunId}, {holder.Operation}{(holder.CurrentMigration is null ? "" : ", running " + holder.CurrentMigration)}) since {holder.StartedAt:u}. Break it with: horreum unlock --force");
                }
                return ExitCodes.Ok;
            }
            var result = await session.Runner.ForceUnlockAsync(ct).ConfigureAwait(false);
            if (io.Json)
            {
                io.WriteJson(UnlockDocument.From(result));
            }
            else
            {
                io.Line(!result.Removed ? "The migration lock was free; nothing to do."
                    : result.Holder is { } h ? $"Broke the lock held by {h.Host} pid {h.Pid} (run {h.RunId}, {h.Operation}) since {h.StartedAt:u}."
                    : $"Broke the lock (unreadable holder: {result.RawValue}).");
            }
            return ExitCodes.Ok;
        }));
        return command;
    }
}
