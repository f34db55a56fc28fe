using Horreum.Orm;
using FamiliaInterop.Models;

namespace FamiliaInterop;

/// <summary>The sample's two commands, callable from tests as well as from <c>Program</c>.</summary>
public static class InteropCommands
{
    /// <summary>Every object of the mirrored models found in the database (SCAN), one line each, sorted by model and id.</summary>
    /// <remarks>
    /// Vault's encrypted fields print as their plaintext, so Vault objects need the master key
    /// (<c>client.Options.Encryption</c>, <c>--encryption-key</c>); without one they are skipped and <paramref name="note"/> says so.
    /// </remarks>
    public static async Task<IReadOnlyList<string>> ExportAsync(HorreumClient client, Action<string>? note = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var lines = new List<string>();
        await Collect<ValueSample>(client, lines, cancellationToken);
        await Collect<Widget>(client, lines, cancellationToken);
        await Collect<Item2Count>(client, lines, cancellationToken);
        await Collect<HTTPServer2Config>(client, lines, cancellationToken);
        await Collect<CustomKeyed>(client, lines, cancellationToken);
        await Collect<Session2>(client, lines, cancellationToken);
        await Collect<Team>(client, lines, cancellationToken);
        await Collect<Customer>(client, lines, cancellationToken);
        await Collect<HexThing>(client, lines, cancellationToken);
        await Collect<V4Thing>(client, lines, cancellationToken);
        if (HasKey(client, note, "read"))
        {
            await Collect<Vault>(client, lines, cancellationToken);
        }
        return Sorted(lines);
    }

    /// <summary>Saves a varied, seeded set of objects and returns the line of each, as saved, sorted like the export.</summary>
    public static async Task<IReadOnlyList<string>> WriteAsync(HorreumClient client, int seed, Action<string>? note = null, CancellationToken cancellationToken = default)
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
        var teams = seeds.Teams().ToList();
        await SaveAll(client, teams, lines, cancellationToken);
        await SaveCustomersAsync(client, seeds, teams, lines, cancellationToken);
        await SaveAll(client, seeds.HexThings(), lines, cancellationToken);
        await SaveAll(client, seeds.V4Things(), lines, cancellationToken);
        if (HasKey(client, note, "write"))
        {
            await SaveAll(client, seeds.Vaults(), lines, cancellationToken);
        }
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

    /// <summary>Customers with their team membership (both sides in one MULTI), history and flags.</summary>
    private static async Task SaveCustomersAsync(HorreumClient client, Seeds seeds, List<Team> teams, List<string> lines, CancellationToken cancellationToken)
    {
        var customers = client.Repository<Customer>();
        foreach (var (customer, history, flags) in seeds.Customers())
        {
            await customers.SaveAsync(customer, cancellationToken);
            await customers.AddToAsync<Team>(customer, teams[lines.Count % teams.Count].TeamId, "members", cancellationToken);
            foreach (var entry in history)
            {
                await customer.History!.AddAsync(entry, cancellationToken);
            }
            foreach (var flag in flags)
            {
                await customer.Flags!.AddAsync(flag, cancellationToken);
            }
            lines.Add(ObjectLines.Of(customers, customer));
        }
    }

    private static bool HasKey(HorreumClient client, Action<string>? note, string verb)
    {
        if (client.Options.Encryption.CurrentKeyVersion is not null)
        {
            return true;
        }
        note?.Invoke($"Vault objects skipped: their encrypted fields need the master key to {verb} them (--encryption-key VERSION:BASE64).");
        return false;
    }

    private static List<string> Sorted(List<string> lines)
    {
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }
}
