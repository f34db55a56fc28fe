using Horreum.Orm;
using FamiliaInterop.Models;

namespace FamiliaInterop;

/// <summary>The sample's two commands, callable from tests as well as from <c>Program</c>.</summary>
public static class InteropCommands
{
    /// <summary>Every object of the mirrored models found in the database (SCAN), one line each, sorted by model and id.</summary>
    public static async Task<IReadOnlyList<string>> ExportAsync(HorreumClient client, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var lines = new List<string>();
        await Collect<ValueSample>(client, lines, cancellationToken);
        await Collect<Widget>(client, lines, cancellationToken);
        await Collect<Item2Count>(client, lines, cancellationToken);
        await Collect<HTTPServer2Config>(client, lines, cancellationToken);
        await Collect<CustomKeyed>(client, lines, cancellationToken);
        await Collect<Session2>(client, lines, cancellationToken);
        return Sorted(lines);
    }

    /// <summary>Saves a varied, seeded set of objects and returns the line of each, as saved, sorted like the export.</summary>
    public static async Task<IReadOnlyList<string>> WriteAsync(HorreumClient client, int seed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var seeds = new Seeds(seed);
        var lines = new List<string>();
        await SaveAll(client, seeds.ValueSamples(), lines, cancellationToken);
        await SaveAll(client, seeds.Widgets(), lines, cancellationToken);
        await SaveAll(client, seeds.Items(), lines, cancellationToken);
        await SaveAll(client, seeds.Servers(), lines, cancellationToken);
        await SaveAll(client, seeds.CustomKeyed(), lines, cancellationToken);
        await SaveAll(client, seeds.Sessions(), lines, cancellationToken);
        return Sorted(lines);
    }

    private static async Task Collect<T>(HorreumClient client, List<string> lines, CancellationToken cancellationToken)
        where T : class
    {
        var repository = client.Repository<T>();
        await foreach (var record in repository.ScanAsync(cancellationToken))
        {
            lines.Add(ObjectLines.Of(repository, record));
        }
    }

    private static async Task SaveAll<T>(HorreumClient client, IEnumerable<T> records, List<string> lines, CancellationToken cancellationToken)
        where T : class
    {
        var repository = client.Repository<T>();
        foreach (var record in records)
        {
            await repository.SaveAsync(record, cancellationToken);
            lines.Add(ObjectLines.Of(repository, record));
        }
    }

    private static List<string> Sorted(List<string> lines)
    {
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }
}
