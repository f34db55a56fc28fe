using System.CommandLine;

namespace Horreum.Cli.Infrastructure;

/// <summary>
/// Runs a command body with the shared error handling: whatever is thrown becomes one line on stderr (a stack
/// trace only with --verbose), a documented exit code, and with --json an error document on stdout.
/// </summary>
internal static class CommandHost
{
    public static async Task<int> RunAsync(ParseResult parse, GlobalOptions globals, TextWriter output, TextWriter error, Func<CliIo, Task<int>> body)
    {
        var io = new CliIo(output, error, parse.GetValue(globals.Json), parse.GetValue(globals.Verbose),
            interactive: ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected);
        try
        {
            return await body(io).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // the command line's last line of defence: every failure is one line, never a stack trace
        catch (Exception ex)
#pragma warning restore CA1031
        {
            var code = io.Fail(CliError.From(ex));
            if (io.Verbose)
            {
                error.WriteLine(CliIo.Scrub(ex.ToString()));
            }
            return code;
        }
    }
}
