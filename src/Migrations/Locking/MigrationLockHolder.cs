using System.Globalization;
using System.Text.Json;
using Horreum.Migrations.Registry;

namespace Horreum.Migrations.Locking;

/// <summary>
/// Who holds the migration lock: the token stored (as JSON) in the lock key. It names the process so an operator,
/// or a runner on the same host, can tell whether the holder is still alive.
/// </summary>
public sealed record MigrationLockHolder
{
    /// <summary>Machine name of the holder (the registry's <c>Host</c> setting).</summary>
    public required string Host { get; init; }

    /// <summary>Process id of the holder on <see cref="Host"/>.</summary>
    public required int Pid { get; init; }

    /// <summary>A fresh id per acquisition; it is what makes the token unique to its owner.</summary>
    public required string RunId { get; init; }

    /// <summary>When the lock was acquired, UTC.</summary>
    public required DateTime StartedAt { get; init; }

    /// <summary>What the holder is doing: <c>run</c>, <c>rollback</c>, <c>repair</c>, or a caller's own word.</summary>
    public string? Operation { get; init; }

    /// <summary>The migration the holder is working on, when it is running one.</summary>
    public string? CurrentMigration { get; init; }

    /// <summary>The JSON stored in the lock key.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, RegistryJson.Options);

    /// <summary>Reads a token; a value that is not a token (written by something else) is described, not thrown.</summary>
    /// <param name="json">The value of the lock key.</param>
    /// <returns>The holder, or null when the value is not a Horreum lock token.</returns>
    public static MigrationLockHolder? TryParse(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<MigrationLockHolder>(json, RegistryJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A one-line description for messages and logs.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture,
            $"host {Host}, pid {Pid}, run {RunId}, {Operation ?? "run"} since {StartedAt:yyyy-MM-ddTHH:mm:ss.fffZ}{(CurrentMigration is null ? "" : ", at " + CurrentMigration)}");
}
