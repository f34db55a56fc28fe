using Horreum.Orm.Modeling;

namespace FamiliaInterop.Models;

/// <summary>Ruby <c>Item2Count</c> (prefix <c>item2count</c>); ids may hold ':' spaces and non-ASCII.</summary>
[Model(Profile = StorageProfile.Familia)]
public sealed class Item2Count
{
    /// <summary><c>field :id</c>.</summary>
    [Identifier] public string Id { get; set; } = "";

    /// <summary><c>field :qty</c>.</summary>
    public long? Qty { get; set; }
}
