using System.CommandLine;
using Horreum.Cli.Infrastructure;
using Horreum.Migrations.Drift;

namespace Horreum.Cli.Commands;

/// <summary><c>horreum new NAME</c>: diff the models against the snapshot and write a migration skeleton.</summary>
internal static class NewCommand
{
    public static Command Create(GlobalOptions globals, TextWriter output, TextWriter error)
    {
        var name = new Argument<string>("name") { Description = "Migration name, e.g. RenameEmail." };
        var snapshot = new Option<string>("--snapshot") { Description = "The committed model snapshot.", DefaultValueFactory = _ => "Migrations/models.snapshot.json" };
        var outputDir = new Option<string>("--output") { Description = "Where to write the .cs file.", DefaultValueFactory = _ => "Migrations" };
        var codeNamespace = new Option<string>("--code-namespace") { Description = "Namespace of the generated class.", DefaultValueFactory = _ => "Migrations" };
        var command = new Command("new", "Write a migration skeleton for the model changes since the snapshot, and update the snapshot.") { name, snapshot, outputDir, codeNamespace };
        command.SetAction((parse, ct) => CommandHost.RunAsync(parse, globals, output, error, async io =>
        {
            var models = Horreum.Migrations.Drift.ModelDiscovery.FromAssemblies((parse.GetValue(globals.Assembly) ?? []).Select(p => System.Reflection.Assembly.LoadFrom(Path.GetFullPath(p))).ToArray()).ToList();
            if (parse.GetValue(globals.Demo))
            {
                models.AddRange(Demo.DemoCatalog.Models());
            }
            if (models.Count == 0)
            {
                throw new CliException("No models: name the assembly that declares them with --assembly path.dll (or use --demo).");
            }
            var result = await MigrationScaffolder.ScaffoldAsync(parse.GetValue(name)!, models, parse.GetValue(snapshot)!, parse.GetValue(outputDir)!, parse.GetValue(codeNamespace), cancellationToken: ct).ConfigureAwait(false);
            if (io.Json)
            {
                io.WriteJson(new { file = result.FilePath, migration_ids = result.MigrationIds, snapshot = result.SnapshotPath, changes = result.Changes.Select(c => new { kind = c.Kind, model = c.Model, field = c.Field, old_field = c.OldField, old_type = c.OldType, new_type = c.NewType, detail = c.Detail }).ToArray() });
                return ExitCodes.Ok;
            }
            foreach (var c in result.Changes)
            {
                io.Line($"  {c.Kind}: {c.Model}: {c.Detail}");
            }
            io.Line(result.FilePath is null
                ? $"No data migration needed ({result.Changes.Count} change(s)). Snapshot updated: {result.SnapshotPath}"
                : $"Wrote {result.FilePath} ({string.Join(", ", result.MigrationIds)}); snapshot updated: {result.SnapshotPath}. Review it, then `horreum migrate`.");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
