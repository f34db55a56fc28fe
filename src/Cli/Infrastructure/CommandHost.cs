using System.CommandLine;
using Horreum.Migrations;
using Horreum.Orm;
using StackExchange.Redis;

namespace Horreum.Cli.Infrastructure;

/// <summary>Runs a command body with the shared error handling: one clear line and exit 1, a stack trace only with --verbose.</summary>
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
        catch (Exception ex) when (ex is CliException or HorreumMigrationException or HorreumException or RedisException or TimeoutException or IOException)
        {
            io.Fail(ex.Message);
            if (io.Verbose)
            {
                error.WriteLine(CliIo.Scrub(ex.ToString()));
            }
            return ExitCodes.Failure;
        }
    }
}
