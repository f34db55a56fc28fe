using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Horreum.Orm.Modeling;

namespace Horreum.Migrations.Drift;

/// <summary>
/// Diffs the models against the committed snapshot and writes a migration skeleton for the changes (as EF Core's
/// <c>migrations add</c>): a removed + added field of the same type becomes a rename with <c>rename_field</c>, a
/// type change a conversion whose stub fails until written. Then the snapshot is updated.
/// </summary>
internal static partial class MigrationScaffolder
{
    /// <summary>Writes the skeleton (when a change needs one) and updates the snapshot.</summary>
    /// <param name="name">The migration name, e.g. <c>RenameEmail</c> (letters, digits, underscores).</param>
    /// <param name="models">The current model types.</param>
    /// <param name="snapshotPath">The snapshot file (created when absent).</param>
    /// <param name="outputDirectory">Where the .cs file goes.</param>
    /// <param name="codeNamespace">The namespace of the generated class (default <c>Migrations</c>).</param>
    /// <param name="now">The timestamp of the id (default: now, UTC).</param>
    /// <param name="cancellationToken">Cancels file I/O.</param>
    public static async Task<ScaffoldResult> ScaffoldAsync(string name, IEnumerable<Type> models, string snapshotPath, string outputDirectory, string? codeNamespace = null, DateTime? now = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(snapshotPath);
        ArgumentNullException.ThrowIfNull(outputDirectory);
        if (!NamePattern().IsMatch(name))
        {
            throw new HorreumMigrationException($"'{name}' is not a migration name: use letters, digits and underscores, starting with a letter (e.g. RenameEmail).");
        }
        var types = models.ToArray();
        var current = types.Select(t => ModelFingerprint.Of(ModelMetadata.For(t))).ToArray();
        var snapshot = await ModelSnapshot.LoadAsync(snapshotPath, cancellationToken).ConfigureAwait(false);
        var changes = ModelDiff.Compare(snapshot.Models.Where(m => current.Any(c => c.Model == m.Model)).ToArray(), current);

        var snake = Naming.ToSnakeCase(name);
        var stamp = (now ?? DateTime.UtcNow).ToString("yyyyMMdd_HHmmss", CultureInfo.InvariantCulture);
        var byName = types.ToDictionary(t => t.FullName ?? t.Name, StringComparer.Ordinal);
        var classes = new StringBuilder();
        var ids = new List<string>();
        var notes = new StringBuilder();
        foreach (var change in changes)
        {
            var model = byName.TryGetValue(change.Model, out var t) ? "global::" + (t.FullName ?? t.Name).Replace('+', '.') : change.Model;
            var index = ids.Count + 1;
            var id = index == 1 ? $"{stamp}_{snake}" : $"{stamp}_{snake}_{index}";
            var className = Pascal(name) + (index == 1 ? "" : index.ToString(CultureInfo.InvariantCulture));
            switch (change.Kind)
            {
                case ModelChangeKind.FieldRenamed or ModelChangeKind.StorageNameChanged:
                    ids.Add(id);
                    classes.Append(CultureInfo.InvariantCulture, $$"""

                        /// <summary>{{Escape(change.Detail)}}</summary>
                        public sealed class {{className}} : RenameFieldMigration<{{model}}>
                        {
                            public override string Id => "{{id}}";

                            protected override string OldField => "{{change.OldField}}";

                            protected override string NewField => "{{change.Field}}";
                        }

                        """);
                    break;
                case ModelChangeKind.TypeChanged:
                    ids.Add(id);
                    classes.Append(CultureInfo.InvariantCulture, $$"""

                        /// <summary>{{Escape(change.Detail)}}</summary>
                        public sealed class {{className}} : ConvertFieldMigration<{{model}}>
                        {
                            public override string Id => "{{id}}";

                            protected override string Field => "{{change.Field}}";

                            // Fails (listing the keys) until written: return the new {{change.NewType}} for a stored {{change.OldType}}.
                            protected override object? Convert(string stored) =>
                                throw new NotImplementedException("Write the conversion of '{{change.Field}}' from {{change.OldType}} to {{change.NewType}} in {{className}}.Convert.");
                        }

                        """);
                    break;
                default:
                    notes.Append(CultureInfo.InvariantCulture, $"// {change.Kind}: {change.Detail}{(change.Kind == ModelChangeKind.FieldRemoved ? " (clean up with delete_field in a separate migration once no code reads it)" : " (no data migration needed)")}\n");
                    break;
            }
        }

        string? file = null;
        if (ids.Count > 0)
        {
            Directory.CreateDirectory(outputDirectory);
            file = Path.Combine(outputDirectory, $"{ids[0]}.cs");
            var source = $"""
                // Scaffolded by `horreum new {name}` on {stamp} from the model snapshot {Path.GetFileName(snapshotPath)}.
                // Review it, then run `horreum migrate` (a dry run) before `horreum migrate --run`.
                {notes}using Horreum.Migrations.Builtin;

                namespace {codeNamespace ?? "Migrations"};
                {classes}
                """;
            await File.WriteAllTextAsync(file, source, cancellationToken).ConfigureAwait(false);
        }
        await (snapshot with { Models = current }).SaveAsync(snapshotPath, cancellationToken).ConfigureAwait(false);
        return new ScaffoldResult(file, ids, changes, snapshotPath);
    }

    private static string Pascal(string name) =>
        string.Concat(name.Split('_', StringSplitOptions.RemoveEmptyEntries).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));

    private static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]*$")]
    private static partial Regex NamePattern();
}
