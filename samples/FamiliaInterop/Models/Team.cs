using Horreum.Orm.Collections;
using Horreum.Orm.Modeling;

namespace FamiliaInterop.Models;

/// <summary>Ruby <c>Team</c>: <c>identifier_field :team_id</c>; customers join its <c>members</c> sorted set.</summary>
[Model(Profile = StorageProfile.Familia)]
public sealed class Team
{
    /// <summary><c>field :team_id</c> (the identifier).</summary>
    [Identifier] public string TeamId { get; set; } = "";

    /// <summary><c>field :name</c>.</summary>
    public string? Name { get; set; }

    /// <summary>The sorted set customers join (<c>participates_in Team, :members, score: :created</c>): raw objids.</summary>
    [Related(References = typeof(Customer))] public HorreumSortedSet<string>? Members { get; set; }
}
