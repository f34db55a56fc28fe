namespace Horreum.Orm.Encryption;

/// <summary>
/// An encrypted field could not be encrypted or decrypted (no key for its version, a damaged or foreign envelope).
/// The message names the key, field and key version; it never holds a plaintext or a key.
/// </summary>
public sealed class EncryptionException : HorreumException
{
    /// <summary>Creates the exception.</summary>
    public EncryptionException() { }

    /// <summary>Creates the exception with a message.</summary>
    public EncryptionException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public EncryptionException(string message, Exception innerException) : base(message, innerException) { }
}
