using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Horreum.Docs.Tests;

/// <summary>
/// Compiles the C# of one Markdown page the way a reader would paste it into a project with the SDK's implicit usings:
/// the page's blocks together (so a model shown in one block is there for the next), a block marked
/// <c>&lt;!-- csharp: standalone --&gt;</c> alone. Statements of a block (top-level statements in the reader's
/// Program.cs) become the body of an async method of their own, so several such blocks can sit on one page. The page's
/// <c>&lt;!-- csharp-context --&gt;</c> comments say what a fragment takes as given: their usings apply to the page, their
/// variables (<c>HorreumClient client = null!;</c>) are visible to every block, their types are declared once.
/// </summary>
internal static class SnippetCompiler
{
    /// <summary>The global usings of a project made by <c>dotnet new console</c> (ImplicitUsings enabled).</summary>
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    private static readonly CSharpParseOptions s_parse = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest);

    private static readonly Lazy<MetadataReference[]> s_references = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToArray());

    /// <summary>Every compile error of the page, as <c>page:line: error CSnnnn: message</c> lines.</summary>
    public static IReadOnlyList<string> Errors(DocPage page)
    {
        var errors = new List<string>();
        var context = ContextTrees(page, errors);
        if (errors.Count > 0)
        {
            return errors;
        }
        var shared = page.Snippets.Where(s => !s.Standalone).ToList();
        if (shared.Count > 0)
        {
            errors.AddRange(Compile(page.Page, context, shared));
        }
        foreach (var alone in page.Snippets.Where(s => s.Standalone))
        {
            errors.AddRange(Compile(page.Page, context, [alone]));
        }
        return errors;
    }

    private static IEnumerable<string> Compile(string page, IReadOnlyList<SyntaxTree> context, IReadOnlyList<Snippet> snippets)
    {
        var trees = context.Concat(snippets.Select((s, i) => Tree(s, i))).ToList();
        var compilation = CSharpCompilation.Create("DocsOf_" + Path.GetFileNameWithoutExtension(page), trees, s_references.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        return compilation.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(Describe);
    }

    private static string Describe(Diagnostic d)
    {
        var span = d.Location.GetMappedLineSpan();
        return $"{span.Path}:{span.StartLinePosition.Line + 1}: error {d.Id}: {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
    }

    /// <summary>A block as the compiler sees it: as written when it declares only types, else its statements wrapped.</summary>
    private static SyntaxTree Tree(Snippet snippet, int index)
    {
        var unit = (CompilationUnitSyntax)CSharpSyntaxTree.ParseText(snippet.Code, s_parse).GetRoot();
        if (!unit.Members.OfType<GlobalStatementSyntax>().Any())
        {
            return Parse($"#line {snippet.Line} \"{snippet.Page}\"\n{snippet.Code}\n", snippet.Page);
        }
        var text = new StringBuilder();
        foreach (var node in unit.Externs.Cast<SyntaxNode>().Concat(unit.Usings).Concat(unit.AttributeLists))
        {
            AppendMapped(text, snippet, unit, node);
        }
        foreach (var member in unit.Members.Where(m => m is not GlobalStatementSyntax))
        {
            AppendMapped(text, snippet, unit, member);
        }
        text.Append("#line hidden\n")
            .Append("internal static class DocsSnippet").Append(index).Append(" {\n")
            .Append("#pragma warning disable CS1998, CS8321, CS0168, CS0219\n")
            .Append("internal static async System.Threading.Tasks.Task RunAsync(string[] args) {\n");
        foreach (var statement in unit.Members.OfType<GlobalStatementSyntax>())
        {
            AppendMapped(text, snippet, unit, statement);
        }
        text.Append("#line hidden\n}\n}\n");
        return Parse(text.ToString(), snippet.Page);
    }

    private static void AppendMapped(StringBuilder text, Snippet snippet, CompilationUnitSyntax unit, SyntaxNode node)
    {
        var line = unit.SyntaxTree.GetLineSpan(node.Span).StartLinePosition.Line;
        text.Append("#line ").Append(snippet.Line + line).Append(" \"").Append(snippet.Page).Append("\"\n")
            .Append(node.WithoutTrivia().ToFullString()).Append('\n');
    }

    /// <summary>The implicit usings, then the page's context: its usings as global usings, its variables as statics.</summary>
    private static List<SyntaxTree> ContextTrees(DocPage page, List<string> errors)
    {
        var usings = new StringBuilder(ImplicitUsings).Append('\n');
        var statics = new StringBuilder("global using static DocsContext;\n#line hidden\ninternal static class DocsContext {\n");
        var types = new StringBuilder();
        foreach (var context in page.Contexts)
        {
            var unit = (CompilationUnitSyntax)CSharpSyntaxTree.ParseText(context.Code, s_parse).GetRoot();
            foreach (var u in unit.Usings)
            {
                usings.Append(u.GlobalKeyword.IsKind(SyntaxKind.None) ? "global " : "").Append(u.WithoutTrivia().ToFullString()).Append('\n');
            }
            foreach (var member in unit.Members)
            {
                var line = context.Line + unit.SyntaxTree.GetLineSpan(member.Span).StartLinePosition.Line;
                if (member is GlobalStatementSyntax { Statement: LocalDeclarationStatementSyntax local })
                {
                    foreach (var variable in local.Declaration.Variables)
                    {
                        statics.Append("#line ").Append(line).Append(" \"").Append(context.Page).Append("\"\n")
                            .Append("internal static ").Append(local.Declaration.Type.ToString()).Append(' ').Append(variable.Identifier.Text)
                            .Append(variable.Initializer is { } init ? " " + init.ToString() : " = default!").Append(";\n");
                    }
                }
                else if (member is GlobalStatementSyntax)
                {
                    errors.Add($"{context.Page}:{line}: a csharp-context comment may declare usings, variables and types, not run statements");
                }
                else
                {
                    types.Append("#line ").Append(line).Append(" \"").Append(context.Page).Append("\"\n")
                        .Append(member.WithoutTrivia().ToFullString()).Append('\n');
                }
            }
        }
        statics.Append("}\n");
        return [Parse(usings.ToString(), "implicit-usings.cs"), Parse(statics + types.ToString(), page.Page)];
    }

    private static SyntaxTree Parse(string text, string path) => CSharpSyntaxTree.ParseText(text, s_parse, path, Encoding.UTF8);
}
