using System.Text.Json;
using System.Text.Json.Serialization;
using StackExchange.Redis;

namespace Horreum.Migrations.Registry;

/// <summary>The registry's JSON shape: snake_case names and enum values, nulls left out, UTC times with 'Z'.</summary>
internal static class RegistryJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) },
    };

    public static string StatusName(MigrationStatus status) =>
        JsonSerializer.Serialize(status, Options).Trim('"');

    /// <summary>Reads registry JSON; a clear error naming the entry and how to fix it when it is not.</summary>
    public static T Deserialize<T>(RedisValue json, string what, string prefix)
    {
        try
        {
            return JsonSerializer.Deserialize<T>((string)json!, RegistryJson.Options)
                ?? throw new JsonException("null");
        }
        catch (JsonException ex)
        {
            throw new HorreumMigrationException(
                $"The registry entry '{what}' under '{prefix}' is not valid registry JSON ({ex.Message}); "
                + $"it starts with: {Preview(json)}. Fix or delete that entry (`horreum repair` re-stamps applied migrations).", ex);
        }
    }

    private static string Preview(RedisValue json)
    {
        var s = (string?)json ?? "";
        return s.Length <= 80 ? s : s[..80] + "...";
    }
}
