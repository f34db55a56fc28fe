using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Geralt;

namespace Horreum.Orm.Encryption;

/// <summary>
/// Familia's encrypted-field recipe (envelope version 2, algorithm xchacha20poly1305), on libsodium through Geralt:
/// <list type="bullet">
/// <item>context = <c>{Class}:{field}:{identifier}</c>;</item>
/// <item>field key = BLAKE2b-256(message = context, key = master key, personalization = NUL-padded to 16 bytes);</item>
/// <item>AAD = the context, or with aad_fields hex(SHA-256(<c>{context}:{value1}:{value2}…</c>));</item>
/// <item>envelope = JSON {algorithm, nonce, ciphertext, auth_tag, key_version, encoding, envelope_version[, aad_fields]},
/// byte strings in standard base64.</item>
/// </list>
/// Keys and plaintexts are wiped after use and never appear in an exception.
/// </summary>
internal sealed class FieldCipher(EncryptionOptions options)
{
    private const string Algorithm = "xchacha20poly1305";

    /// <summary>Encrypts <paramref name="plaintext"/> under the current key version; the envelope's JSON text.</summary>
    public string Encrypt(string plaintext, string context, IReadOnlyList<string> aadFields, IReadOnlyList<string?> aadValues, string where)
    {
        var version = options.CurrentKeyVersion
            ?? throw new EncryptionException($"Cannot encrypt {where}: no encryption key is configured (HorreumOptions.Encryption.AddKey).");
        var key = DeriveKey(version, context, where);
        var message = Encoding.UTF8.GetBytes(plaintext);
        var sealedBytes = new byte[message.Length + XChaCha20Poly1305.TagSize];
        var nonce = RandomNumberGenerator.GetBytes(XChaCha20Poly1305.NonceSize);
        try
        {
            XChaCha20Poly1305.Encrypt(sealedBytes, message, nonce, key, Aad(context, aadFields, aadValues));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            CryptographicOperations.ZeroMemory(message);
        }
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("algorithm", Algorithm);
            json.WriteString("nonce", Convert.ToBase64String(nonce));
            json.WriteString("ciphertext", Convert.ToBase64String(sealedBytes, 0, message.Length));
            json.WriteString("auth_tag", Convert.ToBase64String(sealedBytes, message.Length, XChaCha20Poly1305.TagSize));
            json.WriteString("key_version", version);
            json.WriteString("encoding", "UTF-8");
            json.WriteNumber("envelope_version", 2);
            if (aadFields.Count > 0)
            {
                json.WriteStartArray("aad_fields");
                foreach (var name in aadFields)
                {
                    json.WriteStringValue(name);
                }
                json.WriteEndArray();
            }
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The key version an envelope names; null when the text is not an envelope.</summary>
    public static string? KeyVersionOf(string envelope)
    {
        try
        {
            using var doc = JsonDocument.Parse(envelope);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("key_version", out var v) ? v.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Decrypts an envelope with the key version it names.</summary>
    public string Decrypt(string envelope, string context, IReadOnlyList<string> aadFields, IReadOnlyList<string?> aadValues, string where)
    {
        string version;
        byte[] nonce, ciphertext, tag;
        try
        {
            using var doc = JsonDocument.Parse(envelope);
            var root = doc.RootElement;
            var algorithm = root.GetProperty("algorithm").GetString();
            if (algorithm != Algorithm)
            {
                throw new EncryptionException($"Cannot decrypt {where}: the envelope's algorithm is '{algorithm}', only '{Algorithm}' is supported.");
            }
            version = root.GetProperty("key_version").GetString() ?? "";
            nonce = Convert.FromBase64String(root.GetProperty("nonce").GetString() ?? "");
            ciphertext = Convert.FromBase64String(root.GetProperty("ciphertext").GetString() ?? "");
            tag = Convert.FromBase64String(root.GetProperty("auth_tag").GetString() ?? "");
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or FormatException or InvalidOperationException)
        {
            throw new EncryptionException($"Cannot decrypt {where}: the stored value is not an encrypted-field envelope ({ex.GetType().Name}).");
        }
        if (nonce.Length != XChaCha20Poly1305.NonceSize || tag.Length != XChaCha20Poly1305.TagSize)
        {
            throw new EncryptionException($"Cannot decrypt {where}: the envelope's nonce or auth tag has the wrong length.");
        }
        var key = DeriveKey(version, context, where);
        var sealedBytes = new byte[ciphertext.Length + tag.Length];
        ciphertext.CopyTo(sealedBytes, 0);
        tag.CopyTo(sealedBytes, ciphertext.Length);
        var plain = new byte[ciphertext.Length];
        try
        {
            XChaCha20Poly1305.Decrypt(plain, sealedBytes, nonce, key, Aad(context, aadFields, aadValues));
            return Encoding.UTF8.GetString(plain);
        }
        catch (CryptographicException)
        {
            throw new EncryptionException($"Cannot decrypt {where} with key version '{version}': the key, the record's identifier or an aad field differs from the one it was encrypted with, or the value was tampered with.");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    private byte[] DeriveKey(string version, string context, string where)
    {
        if (!options.TryGetKey(version, out var master))
        {
            throw new EncryptionException($"Cannot encrypt or decrypt {where}: no key for version '{version}' (known: {string.Join(", ", options.KeyVersions)}).");
        }
        var personal = new byte[BLAKE2b.PersonalizationSize];
        Encoding.UTF8.GetBytes(options.Personalization ?? "", personal);
        var key = new byte[XChaCha20Poly1305.KeySize];
        BLAKE2b.DeriveKey(key, master, personal, new byte[BLAKE2b.SaltSize], Encoding.UTF8.GetBytes(context));
        return key;
    }

    private static byte[] Aad(string context, IReadOnlyList<string> aadFields, IReadOnlyList<string?> aadValues)
    {
        if (aadFields.Count == 0)
        {
            return Encoding.UTF8.GetBytes(context);
        }
        var text = new StringBuilder(context);
        foreach (var value in aadValues)
        {
            text.Append(':').Append(value);
        }
        return Encoding.ASCII.GetBytes(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()))));
    }
}
