namespace Horreum.Cli.Infrastructure;

/// <summary>Confirmation for writes: asked only on a terminal, never when stdin is redirected (scripts, CI).</summary>
internal static class Confirm
{
    public static bool Ask(CliIo io, bool yes, string question)
    {
        if (yes || Console.IsInputRedirected || !io.IsInteractive)
        {
            return true;
        }
        io.Output.Write($"{question} [y/N] ");
        var answer = Console.ReadLine();
        return answer is not null && answer.Trim().ToUpperInvariant() is "Y" or "YES";
    }
}
