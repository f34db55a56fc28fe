using System.CommandLine;
using Horreum.Cli.Infrastructure;
using Horreum.Migrations.Reporting;

namespace Horreum.Cli.Commands;

/// <summary><c>horreum history [ID]</c>: the registry's run history, oldest first.</summary>
internal static class HistoryCommand
{
    public static Command Create(GlobalOptions globals, TextWriter output, TextWriter error)
    {
        var id = new Argument<string?>("id") { Description = "Only this migration.", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("history", "Show what ran, when, where and how it ended.") { id };
        command.SetAction((parse, ct) => CommandHost.RunAsync(parse, globals, output, error, async io =>
        {
            await using var session = await CliSession.OpenAsync(parse, globals, io).ConfigureAwait(false);
            var events = await session.Runner.Registry.GetHistoryAsync(1000, ct).ConfigureAwait(false);
            var only = parse.GetValue(id);
            if (only is not null)
            {
                events = events.Where(e => e.MigrationId == only).ToArray();
                // The same error as rollback and migrate --only: an id neither loaded nor ever recorded is a typo.
                if (events.Count == 0 && !session.Migrations.Any(m => m.Id == only)
                    && await session.Runner.Registry.GetAsync(only, ct).ConfigureAwait(false) is null)
                {
                    throw new Horreum.Migrations.MigrationNotFoundException(only);
                }
            }
            if (io.Json)
            {
                io.WriteJson(HistoryDocument.From(events));
            }
            else
            {
                io.Write(Render.History(events, io.Width));
            }
            return ExitCodes.Ok;
        }));
        return command;
    }
}
