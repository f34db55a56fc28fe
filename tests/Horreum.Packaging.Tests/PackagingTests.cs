using System.Globalization;

namespace Horreum.Packaging.Tests;

/// <summary>
/// What a user does with the packages: pack from the sources, install the <c>horreum</c> tool into a tool path and run it,
/// and build a console app against the packed libraries. Each run uses a version of its own, so no earlier package in the
/// NuGet cache can stand in for the one just packed; those versions are removed from the cache afterwards.
/// </summary>
public sealed class PackagingTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("horreum-pack-").FullName;
    private readonly string _version = "0.0.0-packtest." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Packed_tool_and_libraries_install_and_build_like_a_user_would()
    {
        var ct = TestContext.Current.CancellationToken;
        var feed = Path.Combine(_work, "feed");
        var sources = CopySources(Path.Combine(_work, "src-copy"));

        var pack = new DotnetProcess(0, "");
        foreach (var project in Directory.GetFiles(Path.Combine(sources, "src"), "*.csproj", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            pack = await DotnetProcess.RunAsync("dotnet", sources, ct, "pack", project, "-c", "Release", "-o", feed, $"-p:Version={_version}", "-nologo");
            Assert.True(pack.ExitCode == 0, $"{project}: {pack}");
        }
        foreach (var id in new[] { "Horreum.JsonSchema", "Horreum.Orm", "Horreum.Migrations", "Horreum.Cli" })
        {
            Assert.True(File.Exists(Path.Combine(feed, $"{id}.{_version}.nupkg")), $"{id} was not packed:\n{pack}");
            Assert.True(File.Exists(Path.Combine(feed, $"{id}.{_version}.snupkg")), $"{id} has no symbols package");
        }
        AssertPackageMetadata(Path.Combine(feed, $"Horreum.Orm.{_version}.nupkg"));

        var tools = Path.Combine(_work, "tools");
        var install = await DotnetProcess.RunAsync("dotnet", _work, ct, "tool", "install", "Horreum.Cli", "--tool-path", tools, "--add-source", feed, "--version", _version);
        Assert.True(install.ExitCode == 0, install.ToString());
        var version = await DotnetProcess.RunAsync(Path.Combine(tools, "horreum"), _work, ct, "--version");
        Assert.True(version.ExitCode == 0, version.ToString());
        Assert.StartsWith(_version, version.Output.Trim(), StringComparison.Ordinal);

        var app = WriteConsoleApp(Path.Combine(_work, "app"), feed);
        var run = await DotnetProcess.RunAsync("dotnet", app, ct, "run", "-nologo");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("migration id 20260101_000000_uppercase_names", run.Output, StringComparison.Ordinal);
        Assert.Contains($"Horreum.Orm {_version}", run.Output, StringComparison.Ordinal);
    }

    private static void AssertPackageMetadata(string nupkg)
    {
        using var zip = System.IO.Compression.ZipFile.OpenRead(nupkg);
        Assert.NotNull(zip.GetEntry("README.md"));
        Assert.Contains(zip.Entries, e => e.FullName == "lib/net10.0/Horreum.Orm.xml");
        var nuspecEntry = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using var reader = new StreamReader(nuspecEntry.Open());
        var nuspec = reader.ReadToEnd();
        Assert.Contains("<license type=\"expression\">MIT</license>", nuspec, StringComparison.Ordinal);
        Assert.Contains("<readme>README.md</readme>", nuspec, StringComparison.Ordinal);
    }

    /// <summary>The build inputs of the libraries and the tool, without build output, so packing touches nothing of the checkout.</summary>
    private static string CopySources(string target)
    {
        var root = RepositoryRoot();
        foreach (var file in new[] { "Directory.Build.props", "Directory.Packages.props", "README.md", "LICENSE", ".editorconfig" })
        {
            var from = Path.Combine(root, file);
            if (File.Exists(from))
            {
                Directory.CreateDirectory(target);
                File.Copy(from, Path.Combine(target, file));
            }
        }
        CopyTree(Path.Combine(root, "src"), Path.Combine(target, "src"));
        return target;
    }

    private static void CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var dir in Directory.GetDirectories(from))
        {
            var name = Path.GetFileName(dir);
            if (name is "bin" or "obj")
            {
                continue;
            }
            CopyTree(dir, Path.Combine(to, name));
        }
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }

    private string WriteConsoleApp(string dir, string feed)
    {
        Directory.CreateDirectory(dir);
        // Outside the repository: no Directory.*.props of ours apply, exactly as in a user's solution.
        File.WriteAllText(Path.Combine(dir, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="horreum-local" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(dir, "App.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Horreum.Orm" Version="{_version}" />
                <PackageReference Include="Horreum.Migrations" Version="{_version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(dir, "Program.cs"), """
            using System.Reflection;
            using Horreum.Migrations;
            using Horreum.Orm;

            var version = typeof(HorreumClient).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
            Console.WriteLine($"Horreum.Orm {version}");
            Console.WriteLine($"migration id {new UppercaseNames().Id}");

            internal sealed class Person
            {
                public string Id { get; set; } = "";
                public string? Name { get; set; }
            }

            internal sealed class UppercaseNames : BaseMigration
            {
                public override string Id => "20260101_000000_uppercase_names";
                public override string Description => "A migration compiled against the packed library";
                protected override Task MigrateAsync(Horreum.Migrations.Engine.MigrationContext context, CancellationToken cancellationToken) => Task.CompletedTask;
            }
            """);
        return dir;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OrmMigrations.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("OrmMigrations.sln not found above " + AppContext.BaseDirectory);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_work, recursive: true);
        }
        catch (IOException)
        {
        }
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var id in new[] { "horreum.orm", "horreum.migrations", "horreum.cli" })
        {
            var dir = Path.Combine(cache, id, _version);
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }
}
