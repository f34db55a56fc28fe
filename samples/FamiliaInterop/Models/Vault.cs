using Horreum.Orm.Modeling;

namespace FamiliaInterop.Models;

/// <summary>Ruby <c>Vault</c>: two encrypted fields (<c>pin</c> bound to <c>label</c>) and a transient password.</summary>
[Model(Profile = StorageProfile.Familia)]
[Feature("encrypted_fields"), Feature("transient_fields")]
public sealed class Vault
{
    /// <summary><c>field :vid</c> (the identifier).</summary>
    [Identifier] public string Vid { get; set; } = "";

    /// <summary><c>field :label</c>.</summary>
    public string? Label { get; set; }

    /// <summary><c>encrypted_field :secret</c>.</summary>
    [Encrypted] public ConcealedString? Secret { get; set; }

    /// <summary><c>encrypted_field :pin, aad_fields: [:label]</c>.</summary>
    [Encrypted(AadFields = ["label"])] public ConcealedString? Pin { get; set; }

    /// <summary><c>transient_field :password</c>: never stored, never printed.</summary>
    [Transient] public RedactedString? Password { get; set; }
}
