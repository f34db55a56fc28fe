using Horreum.Orm.Modeling;

namespace FamiliaInterop.Models;

/// <summary>Ruby <c>CustomKeyed</c> with <c>prefix 'acme:thing'</c> and <c>suffix :data</c>.</summary>
[Model(Prefix = "acme:thing", Suffix = "data", Profile = StorageProfile.Familia)]
public sealed class CustomKeyed
{
    /// <summary><c>field :id</c>.</summary>
    [Identifier] public string Id { get; set; } = "";

    /// <summary><c>field :label</c>.</summary>
    public string? Label { get; set; }
}
