using Horreum.Orm.Collections;
using Horreum.Orm.Modeling;

namespace Horreum.Orm.Tests.Features.Golden;

// The golden models of tests/testdata/familia-golden/models.rb, declared the .NET way. Class names match Ruby's,
// because the encrypted-field context starts with the class name.

[Model(Prefix = "team")]
public sealed class Team
{
    [Identifier] public string TeamId { get; set; } = "";
    public string? Name { get; set; }
    [Related(References = typeof(Customer))] public HorreumSortedSet<string>? Members { get; set; }
}

[Model(Prefix = "customer")]
[Feature("object_identifier"), Feature("external_identifier"), Feature("relationships"), Feature("expiration"), Expiration(3600)]
[ParticipatesIn(typeof(Team), "members", Score = "created")]
public sealed class Customer
{
    [Identifier, ObjectIdentifier] public string Objid { get; set; } = "";
    [ExternalIdentifier] public string? Extid { get; set; }
    [UniqueIndex("email_lookup")] public string? Email { get; set; }
    [MultiIndex("role_index")] public string? Role { get; set; }
    public string? Plan { get; set; }
    public double? Created { get; set; }
    public double? Updated { get; set; }
    public HorreumList<string>? History { get; set; }
    public HorreumSet<string>? Flags { get; set; }
}

[Model(Prefix = "hex_thing")]
[Feature("object_identifier")]
public sealed class HexThing
{
    public string? Name { get; set; }
    [Identifier, ObjectIdentifier(Generator = ObjidGenerator.Hex)] public string Objid { get; set; } = "";
}

[Model(Prefix = "v4thing")]
[Feature("object_identifier"), Feature("external_identifier")]
public sealed class V4Thing
{
    [Identifier, ObjectIdentifier(Generator = ObjidGenerator.UuidV4)] public string Objid { get; set; } = "";
    [ExternalIdentifier(Format = "v4-%{id}")] public string? Extid { get; set; }
    public string? Name { get; set; }
}

[Model(Prefix = "vault")]
[Feature("encrypted_fields"), Feature("transient_fields")]
public sealed class Vault
{
    [Identifier] public string Vid { get; set; } = "";
    public string? Label { get; set; }
    [Encrypted] public ConcealedString? Secret { get; set; }
    [Encrypted(AadFields = ["label"])] public ConcealedString? Pin { get; set; }
    [Transient] public RedactedString? Password { get; set; }
}
