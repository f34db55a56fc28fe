using System.Globalization;
using System.Text.Json;
using StackExchange.Redis;

namespace Horreum.Migrations.Registry;

/// <summary>
/// Reads the migrations Ruby Familia recorded, so <c>horreum status</c> can show them beside ours: the ZSET
/// <c>{prefix}:applied</c> (id scored by <c>Time.now.to_f</c>) and the HASH <c>{prefix}:metadata</c> (id → JSON written
/// by Ruby's <c>JSON.generate</c>). Only reads (ZRANGE, HGETALL); an unreadable entry is listed with a note, never fixed.
/// </summary>
internal static class FamiliaMigrationLedger
{
    /// <summary>Familia's default key prefix of its migration records.</summary>
    public const string DefaultPrefix = "familia:migrations";

    /// <summary>
    /// Every migration Familia recorded under <paramref name="prefix"/>, in applied order; empty when there are none,
    /// and empty when the connection's ACL user may not read those keys (an app limited to its own keys has no Familia
    /// ledger to show; its own status must not fail for it).
    /// </summary>
    public static async Task<IReadOnlyList<FamiliaAppliedMigration>> ReadAsync(IDatabaseAsync db, string prefix = DefaultPrefix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            return await ReadReadableAsync(db, prefix).ConfigureAwait(false);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("NOPERM", StringComparison.Ordinal))
        {
            return [];
        }
    }

    private static async Task<IReadOnlyList<FamiliaAppliedMigration>> ReadReadableAsync(IDatabaseAsync db, string prefix)
    {
        var appliedKey = prefix + ":applied";
        var metadataKey = prefix + ":metadata";
        if (await db.KeyTypeAsync(appliedKey).ConfigureAwait(false) is not (RedisType.SortedSet or RedisType.None)
            || await db.KeyTypeAsync(metadataKey).ConfigureAwait(false) is not (RedisType.Hash or RedisType.None))
        {
            return [new FamiliaAppliedMigration("?", null, null, null, null, null, null, null, $"{appliedKey} / {metadataKey} are not Familia's migration records (unexpected key types); not read")];
        }
        var applied = await db.SortedSetRangeByRankWithScoresAsync(appliedKey).ConfigureAwait(false);
        var metadata = (await db.HashGetAllAsync(metadataKey).ConfigureAwait(false)).ToDictionary(e => (string)e.Name!, e => (string?)e.Value, StringComparer.Ordinal);
        var result = new List<FamiliaAppliedMigration>(applied.Length);
        foreach (var entry in applied)
        {
            var id = (string)entry.Element!;
            var scoreTime = FromScore(entry.Score);
            result.Add(metadata.TryGetValue(id, out var json) && json is not null
                ? Parse(id, json, scoreTime)
                : new FamiliaAppliedMigration(id, scoreTime, null, null, null, null, null, null, "no metadata"));
        }
        foreach (var orphan in metadata.Keys.Where(k => applied.All(a => (string)a.Element! != k)).Order(StringComparer.Ordinal))
        {
            var parsed = Parse(orphan, metadata[orphan]!, null);
            result.Add(parsed with { Note = "metadata only: not in the applied set" });
        }
        return result;
    }

    private static FamiliaAppliedMigration Parse(string id, string json, DateTimeOffset? scoreTime)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            DateTimeOffset? at = root.TryGetProperty("applied_at", out var a) && a.ValueKind == JsonValueKind.String
                && DateTimeOffset.TryParse(a.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
                ? parsed.ToUniversalTime()
                : scoreTime;
            return new FamiliaAppliedMigration(id, at, Text(root, "status"), Number(root, "duration_ms"), Number(root, "keys_scanned"),
                Number(root, "keys_modified"), Number(root, "errors"), Number(root, "reversible") is { } r ? r != 0 : null, null);
        }
        catch (JsonException ex)
        {
            return new FamiliaAppliedMigration(id, scoreTime, null, null, null, null, null, null, $"metadata is not JSON ({ex.Message})");
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static long? Number(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var v)
            ? v.ValueKind switch
            {
                JsonValueKind.Number when v.TryGetInt64(out var n) => n,
                JsonValueKind.True => 1,
                JsonValueKind.False => 0,
                _ => null,
            }
            : null;

    private static DateTimeOffset? FromScore(double score) =>
        double.IsFinite(score) && Math.Abs(score) < 1e11 ? DateTimeOffset.UnixEpoch.AddTicks((long)Math.Round(score * TimeSpan.TicksPerSecond)) : null;
}
