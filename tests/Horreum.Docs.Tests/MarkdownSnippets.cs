using System.Text.RegularExpressions;

namespace Horreum.Docs.Tests;

/// <summary>One fenced ```csharp block of a Markdown page.</summary>
/// <param name="Page">Path of the page relative to the repository root.</param>
/// <param name="Line">1-based line of the first code line in the page.</param>
/// <param name="Code">The code as shown.</param>
/// <param name="Standalone">Preceded by <c>&lt;!-- csharp: standalone --&gt;</c>: compiled alone, not with the page's other blocks.</param>
internal sealed record Snippet(string Page, int Line, string Code, bool Standalone);

/// <summary>A page's blocks and its hidden context (<c>&lt;!-- csharp-context … --&gt;</c> comments).</summary>
internal sealed record DocPage(string Page, IReadOnlyList<Snippet> Snippets, IReadOnlyList<Snippet> Contexts);

/// <summary>Reads the C# a Markdown page shows, and the context it declares for its fragments.</summary>
internal static partial class MarkdownSnippets
{
    [GeneratedRegex(@"^\s*<!--\s*csharp:\s*standalone\s*-->\s*$")]
    private static partial Regex StandaloneMarker();

    /// <summary>Parses <paramref name="text"/>, the page at <paramref name="page"/>.</summary>
    public static DocPage Parse(string page, string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var snippets = new List<Snippet>();
        var contexts = new List<Snippet>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.TrimStart().StartsWith("<!-- csharp-context", StringComparison.Ordinal))
            {
                var end = FindLine(lines, i + 1, l => l.Trim() == "-->", page, i, "an unclosed <!-- csharp-context comment");
                contexts.Add(new Snippet(page, i + 2, string.Join('\n', lines[(i + 1)..end]), false));
                i = end;
                continue;
            }
            var fence = line.TrimStart();
            if (!fence.StartsWith("```", StringComparison.Ordinal))
            {
                continue;
            }
            var close = FindLine(lines, i + 1, l => l.TrimStart().StartsWith("```", StringComparison.Ordinal), page, i, "an unclosed ``` fence");
            if (!IsCSharp(fence[3..].Trim()))
            {
                i = close;   // another language (or an example of these comments): nothing in it is read
                continue;
            }
            var standalone = PreviousNonBlank(lines, i) is { } previous && StandaloneMarker().IsMatch(previous);
            snippets.Add(new Snippet(page, i + 2, string.Join('\n', lines[(i + 1)..close]), standalone));
            i = close;
        }
        return new DocPage(page, snippets, contexts);
    }

    private static bool IsCSharp(string info) =>
        info.Split(' ', 2)[0] is "csharp" or "cs" or "c#" or "C#";

    private static int FindLine(string[] lines, int from, Func<string, bool> match, string page, int opened, string what)
    {
        for (var j = from; j < lines.Length; j++)
        {
            if (match(lines[j]))
            {
                return j;
            }
        }
        throw new InvalidOperationException($"{page}:{opened + 1}: {what}");
    }

    private static string? PreviousNonBlank(string[] lines, int index)
    {
        for (var j = index - 1; j >= 0; j--)
        {
            if (!string.IsNullOrWhiteSpace(lines[j]))
            {
                return lines[j];
            }
        }
        return null;
    }
}
