using Horreum.TestKit;
namespace Horreum.Orm.Tests.Familia;

/// <summary>One object of loaded.txt: what Ruby Familia loaded back, field by field (<c>Class: inspect</c>).</summary>
internal sealed record LoadedObject(string RubyClass, string Identifier, string DbKey, IReadOnlyList<(string Field, string Shown)> Fields);

/// <summary>Parses loaded.txt.</summary>
internal static class LoadedText
{
    public static IReadOnlyList<LoadedObject> Objects => s_objects.Value;

    public static IReadOnlyList<string> Lines => s_lines.Value;

    private static readonly Lazy<IReadOnlyList<string>> s_lines = new(() => File.ReadAllLines(Path.Combine(FamiliaGolden.Dir, "loaded.txt")));

    private static readonly Lazy<IReadOnlyList<LoadedObject>> s_objects = new(Parse);

    /// <summary>The value shown for a line starting with <paramref name="prefix"/> (e.g. "  events.to_a => ").</summary>
    public static string Line(string prefix) =>
        Lines.FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal))?[prefix.Length..]
        ?? throw new KeyNotFoundException($"loaded.txt has no line starting with '{prefix}'");

    private static List<LoadedObject> Parse()
    {
        var result = new List<LoadedObject>();
        string? cls = null, id = null, key = null;
        var fields = new List<(string, string)>();
        foreach (var line in Lines)
        {
            if (line.StartsWith("== ", StringComparison.Ordinal) && line.Contains(" identifier=\"", StringComparison.Ordinal))
            {
                Flush();
                var idStart = line.IndexOf(" identifier=\"", StringComparison.Ordinal);
                cls = line[3..idStart];
                var keyStart = line.LastIndexOf("\" dbkey=\"", StringComparison.Ordinal);
                id = line[(idStart + 13)..keyStart];
                key = line[(keyStart + 9)..^1];
            }
            else if (line.StartsWith("== ", StringComparison.Ordinal))
            {
                Flush();
            }
            else if (cls is not null && line.StartsWith("  ", StringComparison.Ordinal))
            {
                var open = line.IndexOf(" (", StringComparison.Ordinal);
                var arrow = line.IndexOf(") => ", StringComparison.Ordinal);
                fields.Add((line[2..open], line[(arrow + 5)..]));
            }
        }
        Flush();
        return result;

        void Flush()
        {
            if (cls is not null)
            {
                result.Add(new LoadedObject(cls, id!, key!, fields.ToList()));
            }
            cls = null;
            fields.Clear();
        }
    }
}
