using System.Text.Json;

namespace Horreum.Migrations.Drift;

/// <summary>The committed JSON snapshot of the models that <c>horreum new</c> diffs against (as EF Core's model snapshot).</summary>
internal sealed record ModelSnapshot
{
    private static readonly JsonSerializerOptions s_json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };

    /// <summary>The fingerprints, sorted by model.</summary>
    public IReadOnlyList<ModelFingerprint> Models { get; init; } = [];

    /// <summary>Reads a snapshot; an absent file is an empty snapshot.</summary>
    /// <exception cref="HorreumMigrationException">The file is not a snapshot.</exception>
    public static async Task<ModelSnapshot> LoadAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            return new ModelSnapshot();
        }
        try
        {
            var text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
            return JsonSerializer.Deserialize<ModelSnapshot>(text, s_json) ?? new ModelSnapshot();
        }
        catch (JsonException ex)
        {
            throw new HorreumMigrationException($"The model snapshot {path} is not valid JSON ({ex.Message}); restore it from version control.", ex);
        }
    }

    /// <summary>Writes the snapshot (stable order, indented, for diffs in review).</summary>
    public async Task SaveAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        var sorted = this with { Models = Models.OrderBy(m => m.Model, StringComparer.Ordinal).ToArray() };
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(sorted, s_json) + "\n", cancellationToken).ConfigureAwait(false);
    }
}
