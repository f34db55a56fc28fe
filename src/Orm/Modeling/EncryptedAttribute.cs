namespace Horreum.Orm.Modeling;

/// <summary>
/// Stores a <see cref="ConcealedString"/> property encrypted (<c>[Feature("encrypted_fields")]</c>), as Familia's
/// <c>encrypted_field</c>: the hash field holds a JSON envelope (XChaCha20-Poly1305, a key derived per record and
/// field).
/// </summary>
[AttributeUsage(AttributeTargets.Property, Inherited = true)]
public sealed class EncryptedAttribute : Attribute
{
    /// <summary>
    /// Fields (storage names) whose stored values are bound into the additional authenticated data (Familia's
    /// <c>aad_fields</c>): changing one of them makes the old ciphertext undecryptable, so a save re-encrypts.
    /// </summary>
    public string[]? AadFields { get; set; }
}
