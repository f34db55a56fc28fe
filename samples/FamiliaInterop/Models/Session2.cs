using Horreum.Orm.Collections;
using Horreum.Orm.Modeling;

namespace FamiliaInterop.Models;

/// <summary>Ruby <c>Session2</c>: <c>default_expiration 300</c>, <c>list :crumbs, default_expiration: 120</c>.</summary>
[Model(Profile = StorageProfile.Familia)]
[Feature("expiration")]
[Expiration(300)]
public sealed class Session2
{
    /// <summary><c>field :sid</c>.</summary>
    [Identifier] public string Sid { get; set; } = "";

    /// <summary><c>field :user</c>.</summary>
    public string? User { get; set; }

    /// <summary><c>list :crumbs</c> with its own time to live.</summary>
    [Related(Expiration = 120)] public HorreumList<string>? Crumbs { get; set; }
}
