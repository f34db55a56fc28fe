using Horreum.Orm.Modeling;

namespace FamiliaInterop.Models;

/// <summary>Ruby <c>V4Thing</c>: a UUID v4 objid and an extid in the format <c>v4-%{id}</c>.</summary>
[Model(Profile = StorageProfile.Familia)]
[Feature("object_identifier"), Feature("external_identifier")]
public sealed class V4Thing
{
    /// <summary><c>identifier_field :objid</c>.</summary>
    [Identifier, ObjectIdentifier(Generator = ObjidGenerator.UuidV4)] public string Objid { get; set; } = "";

    /// <summary><c>extid</c>.</summary>
    [ExternalIdentifier(Format = "v4-%{id}")] public string? Extid { get; set; }

    /// <summary><c>field :name</c>.</summary>
    public string? Name { get; set; }
}
