using System.Text.Json;
using System.Text.Json.Serialization;

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
}
