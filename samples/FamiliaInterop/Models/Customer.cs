using Horreum.Orm.Collections;
using Horreum.Orm.Modeling;

namespace FamiliaInterop.Models;

/// <summary>
/// Ruby <c>Customer</c>: object and external identifiers, a unique email index, a multi role index, membership of a
/// team scored by <c>created</c>, a history list with its own TTL, a flags set, and <c>default_expiration 3600</c>.
/// </summary>
[Model(Profile = StorageProfile.Familia)]
[Feature("object_identifier"), Feature("external_identifier"), Feature("relationships"), Feature("expiration"), Expiration(3600)]
[ParticipatesIn(typeof(Team), "members", Score = "created")]
public sealed class Customer
{
    /// <summary><c>identifier_field :objid</c>: a UUID v7 made on the first save.</summary>
    [Identifier, ObjectIdentifier] public string Objid { get; set; } = "";

    /// <summary><c>extid</c>: <c>ext_</c> + 25 base-36 characters derived from the objid.</summary>
    [ExternalIdentifier] public string? Extid { get; set; }

    /// <summary><c>field :email</c>, <c>unique_index :email, :email_lookup</c>.</summary>
    [UniqueIndex("email_lookup")] public string? Email { get; set; }

    /// <summary><c>field :role</c>, <c>multi_index :role, :role_index</c>.</summary>
    [MultiIndex("role_index")] public string? Role { get; set; }

    /// <summary><c>field :plan</c>.</summary>
    public string? Plan { get; set; }

    /// <summary><c>field :created</c> (float epoch seconds; also the team membership score).</summary>
    public double? Created { get; set; }

    /// <summary><c>field :updated</c>.</summary>
    public double? Updated { get; set; }

    /// <summary><c>list :history, default_expiration: 1800</c>.</summary>
    [Related(Expiration = 1800)] public HorreumList<string>? History { get; set; }

    /// <summary><c>set :flags</c>.</summary>
    public HorreumSet<string>? Flags { get; set; }
}
