using System.CommandLine;
using Horreum.Cli.Infrastructure;

namespace Horreum.Cli.Commands;

/// <summary><c>horreum repair</c>: accept edited applied migrations by re-stamping their checksums.</summary>
internal static class RepairCommand
{
    public static Command Create(GlobalOptions globals, TextWriter output, TextWriter error)
    {
        var command = new Command("repair", "Re-stamp the checksums of applied migrations whose code changed (after review).");
        command.SetAction((parse, ct) => CommandHost.RunAsync(parse, globals, output, error, async io =>
        {
            await using var session = await CliSession.OpenAsync(parse, globals, io).ConfigureAwait(false);
            var result = await session.Runner.RepairAsync(ct).ConfigureAwait(false);
            if (io.Json)
            {
                io.WriteJson(new { restamped = result.Restamped.Select(r => new { id = r.Id, old_checksum = r.OldChecksum, new_checksum = r.NewChecksum }).ToArray(), code_missing = result.CodeMissing });
                return ExitCodes.Ok;
            }
            foreach (var r in result.Restamped)
            {
                io.Line($"Re-stamped {r.Id}: {r.OldChecksum} → {r.NewChecksum}");
            }
            foreach (var id in result.CodeMissing)
            {
                io.Line($"Left alone: {id} is recorded but no loaded migration has that id.");
            }
            if (result.Restamped.Count == 0)
            {
                io.Line("Nothing to repair: every applied migration matches its code.");
            }
            return ExitCodes.Ok;
        }));
        return command;
    }
}
