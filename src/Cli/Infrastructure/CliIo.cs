using System.Text.Json;
using Horreum.Migrations.Reporting;
using Spectre.Console;

namespace Horreum.Cli.Infrastructure;

/// <summary>Where a command writes: Spectre tables for people, one JSON document for scripts, errors on stderr.</summary>
internal sealed class CliIo
{
    public CliIo(TextWriter output, TextWriter error, bool json, bool verbose, bool interactive)
    {
        Output = output;
        Error = error;
        Json = json;
        Verbose = verbose;
        IsInteractive = interactive;
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Yes : InteractionSupport.No,
        });
        if (!interactive)
        {
            Console.Profile.Width = 160;
        }
    }

    public TextWriter Output { get; }

    public TextWriter Error { get; }

    public bool Json { get; }

    public bool Verbose { get; }

    /// <summary>True when stdout is a terminal (progress bars, prompts).</summary>
    public bool IsInteractive { get; }

    public IAnsiConsole Console { get; }

    /// <summary>
    /// Masks the places a password sits (a URL's password field, <c>password=</c>, an echoed AUTH), and nothing else:
    /// replacing the password's text everywhere would garble messages and, by the gaps, reveal a short password.
    /// </summary>
    public static string Scrub(string text) => Horreum.Orm.Connections.RedisEndpoint.Mask(text);

    /// <summary>Columns available to tables (the terminal's width; 160 when output is redirected).</summary>
    public int Width => Console.Profile.Width;

    public void Line(string text = "")
    {
        if (!Json)
        {
            Output.WriteLine(Scrub(text));
        }
    }

    public void Write(Spectre.Console.Rendering.IRenderable renderable)
    {
        if (!Json)
        {
            Console.Write(renderable);
        }
    }

    public void WriteJson(object document) => Output.WriteLine(Scrub(JsonSerializer.Serialize(document, document.GetType(), ReportJson.Indented)));

    /// <summary>
    /// Reports a failure: one line on stderr and, with --json, the error document
    /// <c>{"error":{"code","message","exit_code"}}</c> on stdout. Returns the exit code.
    /// </summary>
    public int Fail(CliError error)
    {
        var message = Scrub(error.Message);
        Error.WriteLine("horreum: " + message);
        if (Json)
        {
            Output.WriteLine(JsonSerializer.Serialize(new { error = new { code = error.Code, message, exit_code = error.ExitCode } }, ReportJson.Indented));
        }
        return error.ExitCode;
    }
}
