namespace Horreum.Docs.Tests;

/// <summary>Every C# block in README.md and docs/ compiles against the libraries as they are in this commit.</summary>
public sealed class DocsCompileTests
{
    /// <summary>README.md and every docs/**/*.md page that holds at least one ```csharp block, relative to the root.</summary>
    public static TheoryData<string> PagesWithCSharp()
    {
        var data = new TheoryData<string>();
        foreach (var page in AllPages().Where(p => MarkdownSnippets.Parse(p, Read(p)).Snippets.Count > 0))
        {
            data.Add(page);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(PagesWithCSharp))]
    public void Every_csharp_block_of_the_page_compiles(string page)
    {
        var errors = SnippetCompiler.Errors(MarkdownSnippets.Parse(page, Read(page)));

        Assert.True(errors.Count == 0, $"{page} shows C# that does not compile:\n" + string.Join('\n', errors));
    }

    [Fact]
    public void The_docs_have_csharp_blocks_to_check()
    {
        var blocks = AllPages().Sum(p => MarkdownSnippets.Parse(p, Read(p)).Snippets.Count);

        // README.md's quick start and the pages under docs/ together show well over twenty blocks; far fewer means
        // the fence reader no longer finds them and the theory above would pass on nothing.
        Assert.True(blocks >= 20, $"only {blocks} ```csharp blocks found under {Root()}");
    }

    [Fact]
    public void A_broken_block_is_reported_with_its_page_and_line()
    {
        const string markdown = """
            # Page

            ```csharp
            var ok = 1;
            int broken = "text";
            ```
            """;

        var errors = SnippetCompiler.Errors(MarkdownSnippets.Parse("docs/broken.md", markdown));

        var error = Assert.Single(errors);
        Assert.StartsWith("docs/broken.md:5: error CS0029", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fragment_compiles_with_its_context_and_two_statement_blocks_share_a_page()
    {
        const string markdown = """
            <!-- csharp-context
            using Horreum.Orm;
            HorreumClient client = null!;
            public sealed class Note { [Horreum.Orm.Modeling.Identifier] public string Id { get; set; } = ""; }
            -->
            ```csharp
            var notes = client.Repository<Note>();
            ```

            ```csharp
            var notes = client.Repository<Note>();
            await notes.SaveAsync(new Note { Id = "n1" });
            ```
            """;

        Assert.Empty(SnippetCompiler.Errors(MarkdownSnippets.Parse("docs/context.md", markdown)));
    }

    [Fact]
    public void A_type_shown_twice_needs_the_standalone_marker()
    {
        const string block = """
            ```csharp
            public sealed class Twice { }
            ```

            """;

        var clash = SnippetCompiler.Errors(MarkdownSnippets.Parse("docs/twice.md", block + block));
        var marked = SnippetCompiler.Errors(MarkdownSnippets.Parse("docs/twice.md", block + "<!-- csharp: standalone -->\n" + block));

        Assert.Contains(clash, e => e.Contains("error CS0101", StringComparison.Ordinal));
        Assert.Empty(marked);
    }

    private static IEnumerable<string> AllPages()
    {
        var root = Root();
        var docs = Path.Combine(root, "docs");
        return new[] { "README.md" }
            .Concat(Directory.EnumerateFiles(docs, "*.md", SearchOption.AllDirectories).Select(p => Path.GetRelativePath(root, p)))
            .Select(p => p.Replace('\\', '/'))
            .Order(StringComparer.Ordinal);
    }

    private static string Read(string page) => File.ReadAllText(Path.Combine(Root(), page));

    private static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OrmMigrations.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"OrmMigrations.sln not found above {AppContext.BaseDirectory}");
    }
}
