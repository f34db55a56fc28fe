using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Horreum.Migrations.Tests.Discovery;

/// <summary>Compiles C# source (Release, deterministic) into a collectible context and reads its migrations' checksums.</summary>
internal static class MigrationCompiler
{
    private static readonly Lazy<MetadataReference[]> s_references = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .Append(MetadataReference.CreateFromFile(typeof(Migration).Assembly.Location))
            .Append(MetadataReference.CreateFromFile(typeof(Horreum.Orm.HorreumClient).Assembly.Location))
            .ToArray());

    /// <summary>Checksum by migration id for every migration type in <paramref name="source"/>.</summary>
    public static Dictionary<string, string> Checksums(string source, string assemblyName = "Generated")
    {
        var compilation = CSharpCompilation.Create(assemblyName, [CSharpSyntaxTree.ParseText(source)], s_references.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release, deterministic: true, nullableContextOptions: NullableContextOptions.Enable));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        if (!emitted.Success)
        {
            throw new InvalidOperationException("generated source does not compile:\n" + string.Join("\n", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)) + "\n" + source);
        }
        image.Position = 0;
        var context = new AssemblyLoadContext(assemblyName, isCollectible: true);
        try
        {
            return context.LoadFromStream(image).GetTypes()
                .Where(t => typeof(Migration).IsAssignableFrom(t) && !t.IsAbstract)
                .Select(t => (Migration)Activator.CreateInstance(t)!)
                .ToDictionary(m => m.Id, m => m.ComputeChecksum(), StringComparer.Ordinal);
        }
        finally
        {
            context.Unload();
        }
    }
}
