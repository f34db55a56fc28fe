using System.CommandLine;
using Horreum.Cli.Infrastructure;
using Horreum.Migrations.Reporting;

namespace Horreum.Cli.Commands;

/// <summary><c>horreum validate</c>: the migration set and the registry agree; exit 2 when not.</summary>
internal static class ValidateCommand
{
    public static Command Create(GlobalOptions globals, TextWriter output, TextWriter error)
    {
        var command = new Command("validate", "Check ids, dependencies, cycles, and applied migrations whose code changed or is gone.");
        command.SetAction((parse, ct) => CommandHost.RunAsync(parse, globals, output, error, async io =>
        {
            await using var session = await CliSession.OpenAsync(parse, globals, io).ConfigureAwait(false);
            var problems = await session.Runner.ValidateAsync(ct).ConfigureAwait(false);
            if (io.Json)
            {
                io.WriteJson(ValidationDocument.From(problems));
            }
            else if (problems.Count == 0)
            {
                io.Line($"OK: {session.Migrations.Count} migrations, no problems.");
            }
            else
            {
                foreach (var p in problems)
                {
                    io.Line($"{p.Kind}: {p.Message}");
                }
            }
            return problems.Count == 0 ? ExitCodes.Ok : ExitCodes.CheckFailed;
        }));
        return command;
    }
}
