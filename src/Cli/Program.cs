using System.CommandLine;
using Horreum.Cli.Commands;

namespace Horreum.Cli;

/// <summary>The <c>horreum</c> command line.</summary>
public static class Program
{
    /// <summary>Entry point.</summary>
    public static Task<int> Main(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>Runs the command line with the given writers (tests drive it in-process).</summary>
    public static async Task<int> Run(string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("horreum: a Redis object mapper with migrations built in");
        root.Subcommands.Add(DemoCommand.Create(output, error));
        var parse = root.Parse(args);
        var config = new InvocationConfiguration { Output = output, Error = error };
        return await parse.InvokeAsync(config).ConfigureAwait(false);
    }
}
