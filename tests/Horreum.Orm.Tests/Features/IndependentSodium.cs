using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using NSec.Cryptography;

namespace Horreum.Orm.Tests.Features;

/// <summary>
/// Familia's decryption recipe written in the test, on a path that shares no code with the mapper's (Geralt):
/// the key derivation calls libsodium's C function directly, the AEAD goes through NSec.
/// </summary>
internal static partial class IndependentSodium
{
    [LibraryImport("libsodium")]
    private static partial int sodium_init();

    [LibraryImport("libsodium")]
    private static unsafe partial int crypto_generichash_blake2b_salt_personal(byte* output, nuint outlen, byte* input, ulong inlen, byte* key, nuint keylen, byte* salt, byte* personal);

    public static unsafe byte[] DeriveKey(byte[] master, string context, string personalization = "FamilialMatters")
    {
        _ = AeadAlgorithm.XChaCha20Poly1305; // loads NSec's libsodium
        if (sodium_init() < 0)
        {
            throw new InvalidOperationException("libsodium did not initialise");
        }
        var output = new byte[32];
        var input = Encoding.UTF8.GetBytes(context);
        var personal = new byte[16];
        Encoding.UTF8.GetBytes(personalization, personal);
        fixed (byte* o = output, i = input, k = master, p = personal)
        {
            if (crypto_generichash_blake2b_salt_personal(o, 32, i, (ulong)input.Length, k, (nuint)master.Length, null, p) != 0)
            {
                throw new InvalidOperationException("blake2b failed");
            }
        }
        return output;
    }

    /// <summary>Decrypts a Familia envelope; null when authentication fails.</summary>
    public static string? Decrypt(string envelope, byte[] master, string context, string[]? aadValues = null)
    {
        using var doc = JsonDocument.Parse(envelope);
        var root = doc.RootElement;
        var nonce = Convert.FromBase64String(root.GetProperty("nonce").GetString()!);
        var ciphertext = Convert.FromBase64String(root.GetProperty("ciphertext").GetString()!);
        var tag = Convert.FromBase64String(root.GetProperty("auth_tag").GetString()!);
        var aad = aadValues is null
            ? Encoding.UTF8.GetBytes(context)
            : Encoding.ASCII.GetBytes(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(context + string.Concat(aadValues.Select(v => ":" + v))))));
        var algorithm = AeadAlgorithm.XChaCha20Poly1305;
        using var key = Key.Import(algorithm, DeriveKey(master, context), KeyBlobFormat.RawSymmetricKey);
        var plain = new byte[ciphertext.Length];
        return algorithm.Decrypt(key, nonce, aad, [.. ciphertext, .. tag], plain) ? Encoding.UTF8.GetString(plain) : null;
    }
}
