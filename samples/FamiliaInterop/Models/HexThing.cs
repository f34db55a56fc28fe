using Horreum.Orm.Modeling;

namespace FamiliaInterop.Models;

/// <summary>Ruby <c>HexThing</c>: <c>feature :object_identifier, generator: :hex</c> (64 hex characters).</summary>
[Model(Profile = StorageProfile.Familia)]
[Feature("object_identifier")]
public sealed class HexThing
{
    /// <summary><c>identifier_field :objid</c>.</summary>
    [Identifier, ObjectIdentifier(Generator = ObjidGenerator.Hex)] public string Objid { get; set; } = "";

    /// <summary><c>field :name</c>.</summary>
    public string? Name { get; set; }
}
