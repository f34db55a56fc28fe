using System.Text.Json;

namespace Horreum.JsonSchema.Tests;

/// <summary>Locates and runs the official JSON-Schema-Test-Suite copy in ../shared/testdata.</summary>
internal static class SchemaTestSuite
{
    public static readonly string[] Formats =
    [
        "date-time", "date", "time", "duration", "email", "hostname", "ipv4", "ipv6",
        "uri", "uri-reference", "uuid", "json-pointer", "regex",
    ];

    private static readonly Lazy<string?> LazyRoot = new(FindRoot);
    private static readonly Lazy<JsonSchemaRegistry> LazyRegistry = new(BuildRegistry);

    /// <summary>The suite folder, or null when ../shared is not present on this machine.</summary>
    public static string? Root => LazyRoot.Value;

    public static string MissingMessage =>
        "The official JSON-Schema-Test-Suite is missing: expected a copy (with its tests/ and remotes/ folders) at "
        + "<repo root>/../shared/testdata/json-schema-test-suite, where <repo root> is the folder holding OrmMigrations.sln above "
        + AppContext.BaseDirectory + ". Put a checkout of github.com/json-schema-org/JSON-Schema-Test-Suite there; these tests "
        + "fail rather than skip without it, so a machine without the suite cannot pass them silently.";

    private static string? FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OrmMigrations.sln")))
            {
                var suite = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "testdata", "json-schema-test-suite"));
                return Directory.Exists(Path.Combine(suite, "tests")) ? suite : null;
            }
        }

        return null;
    }

    /// <summary>Relative paths (under tests/) of the required files of one draft.</summary>
    public static IEnumerable<string> RequiredFiles(string draft) =>
        Root is null
            ? []
            : Directory.GetFiles(Path.Combine(Root, "tests", draft), "*.json")
                .Select(f => draft + "/" + Path.GetFileName(f))
                .Order(StringComparer.Ordinal);

    /// <summary>Relative paths of the optional format files we assert, for one draft (draft 7 has no duration/uuid files).</summary>
    public static IEnumerable<string> FormatFiles(string draft) =>
        Root is null
            ? []
            : Formats.Select(f => draft + "/optional/format/" + f + ".json")
                .Where(f => File.Exists(Path.Combine(Root, "tests", f)));

    /// <summary>remotes/ registered by the URL the suite expects them served from, instead of serving them.</summary>
    private static JsonSchemaRegistry BuildRegistry()
    {
        var registry = new JsonSchemaRegistry();
        var remotes = Path.Combine(Root!, "remotes");
        foreach (var file in Directory.GetFiles(remotes, "*.json", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(remotes, file).Replace('\\', '/');
            registry.Register("http://localhost:1234/" + relative, File.ReadAllText(file));
        }

        return registry;
    }

    /// <summary>Compiles every schema of one suite file with <paramref name="adjust"/> applied to the options the suite uses; returns the load errors by group.</summary>
    public static IEnumerable<(string Group, string Error)> LoadErrors(string relativePath, Func<JsonSchemaOptions, JsonSchemaOptions> adjust)
    {
        var draft = relativePath.StartsWith("draft7", StringComparison.Ordinal) ? JsonSchemaDraft.Draft7 : JsonSchemaDraft.Draft202012;
        var options = adjust(new JsonSchemaOptions { DefaultDraft = draft, Registry = LazyRegistry.Value });
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root!, "tests", relativePath)));
        var errors = new List<(string, string)>();
        foreach (var group in document.RootElement.EnumerateArray())
        {
            try
            {
                JsonSchemaValidator.FromElement(group.GetProperty("schema"), options);
            }
            catch (JsonSchemaLoadException ex)
            {
                errors.Add(($"{relativePath}: {group.GetProperty("description").GetString()}", ex.Message));
            }
        }

        return errors;
    }

    public static FileReport Run(string relativePath)
    {
        var draft = relativePath.StartsWith("draft7", StringComparison.Ordinal) ? JsonSchemaDraft.Draft7 : JsonSchemaDraft.Draft202012;

        // 2020-12 makes format an annotation unless assertion is opted into, and its required format.json tests exactly
        // that, so required 2020-12 files run with assertion off; the optional format files test assertion, so on.
        // Draft 7 leaves it to the implementation; its required files pass either way and run with our default (on).
        var assertFormats = relativePath.Contains("/optional/format/", StringComparison.Ordinal) || draft == JsonSchemaDraft.Draft7;
        var options = new JsonSchemaOptions { DefaultDraft = draft, Registry = LazyRegistry.Value, FormatAssertion = assertFormats };
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root!, "tests", relativePath)));
        var report = new FileReport(relativePath);
        foreach (var group in document.RootElement.EnumerateArray())
        {
            var groupName = group.GetProperty("description").GetString();
            JsonSchemaValidator? schema = null;
            string? loadError = null;
            try
            {
                schema = JsonSchemaValidator.FromElement(group.GetProperty("schema"), options);
            }
            catch (JsonSchemaLoadException ex)
            {
                loadError = ex.Message;
            }

            foreach (var test in group.GetProperty("tests").EnumerateArray())
            {
                var id = $"{relativePath}: {groupName} / {test.GetProperty("description").GetString()}";
                var expected = test.GetProperty("valid").GetBoolean();
                if (schema is null)
                {
                    report.Add(id, CaseOutcome.Failed, "schema did not load: " + loadError);
                    continue;
                }

                var result = schema.Validate(test.GetProperty("data"));
                if (result.IsValid != result.Violations.Count is 0)
                {
                    report.Add(id, CaseOutcome.Failed, "IsValid disagrees with the violation list");
                }
                else if (result.IsValid == expected)
                {
                    report.Add(id, CaseOutcome.Passed, null);
                }
                else if (result.IsValid)
                {
                    report.Add(id, CaseOutcome.WronglyAccepted, "invalid instance judged valid");
                }
                else
                {
                    report.Add(id, CaseOutcome.Failed, "valid instance rejected: " + result.Violations[0].Message);
                }
            }
        }

        return report;
    }
}
