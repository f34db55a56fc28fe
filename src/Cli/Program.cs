using System.CommandLine;
using Horreum.Cli.Commands;
using Horreum.Cli.Infrastructure;

namespace Horreum.Cli;

/// <summary>The <c>horreum</c> command line.</summary>
public static class Program
{
    /// <summary>Entry point.</summary>
    public static Task<int> Main(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>Runs the command line with the given writers (tests drive it in-process).</summary>
    public static async Task<int> Run(string[] args, TextWriter output, TextWriter error)
    {
        var globals = new GlobalOptions();
        var root = new RootCommand("horreum: Redis object mapper with migrations built in. Exit codes: 0 ok, 1 failure, 2 a check found pending migrations, drift or invalid data, 3 another runner holds the migration lock.");
        globals.AddTo(root);
        root.Subcommands.Add(StatusCommand.Create(globals, output, error));
        root.Subcommands.Add(ValidateCommand.Create(globals, output, error));
        root.Subcommands.Add(MigrateCommand.Create(globals, output, error));
        root.Subcommands.Add(RollbackCommand.Create(globals, output, error));
        root.Subcommands.Add(HistoryCommand.Create(globals, output, error));
        root.Subcommands.Add(DriftCommand.Create(globals, output, error));
        root.Subcommands.Add(NewCommand.Create(globals, output, error));
        root.Subcommands.Add(UnlockCommand.Create(globals, output, error));
        root.Subcommands.Add(RepairCommand.Create(globals, output, error));
        root.Subcommands.Add(DemoCommand.Create(globals, output, error));
        root.Subcommands.Add(ServeCommand.Create(globals, output, error));
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0 && args.Contains("--json", StringComparer.Ordinal))
        {
            // A script asked for JSON: a usage error is a JSON error document too, not help text.
            var io = new CliIo(output, error, json: true, verbose: false, interactive: false);
            return io.Fail(new CliError("usage", ExitCodes.Failure, string.Join("; ", parse.Errors.Select(e => e.Message))));
        }
        var config = new InvocationConfiguration { Output = output, Error = error };
        return await parse.InvokeAsync(config).ConfigureAwait(false);
    }
}
