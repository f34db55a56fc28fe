using System.Diagnostics;
using System.Text.Json.Serialization;

namespace Horreum.Orm.Modeling;

/// <summary>
/// The value of an <c>[Encrypted]</c> property. It never prints its plaintext: <see cref="ToString"/>, the debugger
/// and JSON all show <c>[CONCEALED]</c>. A loaded value decrypts only when <see cref="Reveal"/> is called, so a
/// record with a secret it does not need can be loaded without its key.
/// </summary>
[DebuggerDisplay("[CONCEALED]")]
[JsonConverter(typeof(ConcealedJsonConverter))]
public sealed class ConcealedString
{
    /// <summary>What every printed form shows.</summary>
    public const string Placeholder = "[CONCEALED]";

    private readonly string? _plaintext;
    private readonly Func<string>? _decrypt;

    private ConcealedString(string? plaintext, Func<string>? decrypt, string? envelope)
    {
        _plaintext = plaintext;
        _decrypt = decrypt;
        Envelope = envelope;
    }

    /// <summary>The stored envelope this value was loaded from; null for a value made in memory.</summary>
    internal string? Envelope { get; }

    /// <summary>A value to be encrypted on save.</summary>
    public static ConcealedString From(string plaintext)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        return new ConcealedString(plaintext, null, null);
    }

    internal static ConcealedString Loaded(string envelope, Func<string> decrypt) => new(null, decrypt, envelope);

    /// <summary>The plaintext (decrypting a loaded value with its key version).</summary>
    /// <exception cref="Encryption.EncryptionException">The key is missing or the envelope does not decrypt.</exception>
    public string Reveal() => _plaintext ?? _decrypt!();

    /// <summary>Always <c>[CONCEALED]</c>.</summary>
    public override string ToString() => Placeholder;
}
