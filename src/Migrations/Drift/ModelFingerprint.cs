using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Horreum.Orm.Modeling;
using Horreum.Orm.Serialization;

namespace Horreum.Migrations.Drift;

/// <summary>
/// The canonical description of a model: fields (property, storage name, type), features, prefix and related
/// structures, sorted so the same model always gives the same text and hash.
/// </summary>
public sealed record ModelFingerprint
{
    private static readonly JsonSerializerOptions s_json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>The model class (full name).</summary>
    public required string Model { get; init; }

    /// <summary>The key prefix.</summary>
    public required string Prefix { get; init; }

    /// <summary>Fields, sorted by storage name.</summary>
    public required IReadOnlyList<FieldFingerprint> Fields { get; init; }

    /// <summary>Features, sorted.</summary>
    public required IReadOnlyList<string> Features { get; init; }

    /// <summary>Related structures as <c>name:type</c>, sorted.</summary>
    public required IReadOnlyList<string> Related { get; init; }

    /// <summary>Fingerprint of <paramref name="model"/>.</summary>
    public static ModelFingerprint Of(ModelMetadata model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new ModelFingerprint
        {
            Model = model.ClrType.FullName ?? model.ClrType.Name,
            Prefix = model.Prefix,
            Fields = model.Fields.Select(f => new FieldFingerprint(f.PropertyName, f.StorageName, TypeNames.Of(f.Type))).OrderBy(f => f.Storage, StringComparer.Ordinal).ToArray(),
            Features = model.Features.Order(StringComparer.Ordinal).ToArray(),
            Related = model.Related.Select(r => $"{r.Name}:{TypeNames.Of(r.CollectionType)}").Order(StringComparer.Ordinal).ToArray(),
        };
    }

    /// <summary>The canonical JSON text.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, s_json);

    /// <summary>Parses <see cref="ToJson"/> output.</summary>
    public static ModelFingerprint FromJson(string json) =>
        JsonSerializer.Deserialize<ModelFingerprint>(json, s_json) ?? throw new JsonException("empty model fingerprint");

    /// <summary>A short hash of the canonical text.</summary>
    public string Hash() => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ToJson())))[..16];
}
