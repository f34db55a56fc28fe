using System.Text.Json;

namespace Horreum.Cli.Tests;

/// <summary>Runs the CLI in-process and captures what it printed.</summary>
internal sealed record CliRun(int ExitCode, string Out, string Err)
{
    public static async Task<CliRun> Of(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await Program.Run(args, output, error);
        return new CliRun(code, output.ToString(), error.ToString());
    }

    public JsonElement Json => JsonDocument.Parse(Out).RootElement;

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Err}";
}
