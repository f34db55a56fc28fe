namespace Horreum.Orm.Encryption;

/// <summary>
/// Master keys for <c>[Encrypted]</c> fields, as Familia configures them (<c>encryption_keys</c>,
/// <c>current_key_version</c>, <c>encryption_personalization</c>). New values are encrypted with the current version;
/// stored values decrypt with the version their envelope names, so old versions stay until a key rotation has run.
/// </summary>
public sealed class EncryptionOptions
{
    private readonly Dictionary<string, byte[]> _keys = new(StringComparer.Ordinal);

    /// <summary>The version new values are encrypted with (e.g. <c>v2</c>); null until a key is added.</summary>
    public string? CurrentKeyVersion { get; set; }

    /// <summary>The BLAKE2b personalization (at most 16 bytes, NUL-padded); Familia's default is <c>FamilialMatters</c>.</summary>
    public string Personalization { get; set; } = "FamilialMatters";

    /// <summary>The key versions known.</summary>
    public IReadOnlyCollection<string> KeyVersions => _keys.Keys;

    /// <summary>Adds a 32-byte master key under <paramref name="version"/>; the first key added becomes current.</summary>
    public EncryptionOptions AddKey(string version, ReadOnlySpan<byte> key)
    {
        ArgumentException.ThrowIfNullOrEmpty(version);
        if (key.Length != 32)
        {
            throw new ArgumentException($"Encryption key '{version}' must be 32 bytes, not {key.Length}.", nameof(key));
        }
        _keys[version] = key.ToArray();
        CurrentKeyVersion ??= version;
        return this;
    }

    /// <summary>Adds a key given as <c>version:BASE64</c> (the form of <c>--encryption-key</c>), or as Familia's base64 alone with a version.</summary>
    public EncryptionOptions AddKey(string versionAndBase64)
    {
        ArgumentException.ThrowIfNullOrEmpty(versionAndBase64);
        var colon = versionAndBase64.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            throw new ArgumentException("An encryption key is given as VERSION:BASE64, e.g. v1:Z29sZGVu... (the key itself is not shown here).", nameof(versionAndBase64));
        }
        byte[] key;
        try
        {
            key = Convert.FromBase64String(versionAndBase64[(colon + 1)..]);
        }
        catch (FormatException)
        {
            throw new ArgumentException($"The encryption key '{versionAndBase64[..colon]}' is not valid base64 (the key itself is not shown here).", nameof(versionAndBase64));
        }
        return AddKey(versionAndBase64[..colon], key);
    }

    internal bool TryGetKey(string version, out byte[] key) => _keys.TryGetValue(version, out key!);

    /// <summary>Throws <see cref="ArgumentException"/> when the settings cannot work.</summary>
    public void Validate()
    {
        if (System.Text.Encoding.UTF8.GetByteCount(Personalization ?? "") > 16)
        {
            throw new ArgumentException("EncryptionOptions.Personalization must be at most 16 bytes.");
        }
        if (CurrentKeyVersion is not null && !_keys.ContainsKey(CurrentKeyVersion))
        {
            throw new ArgumentException($"EncryptionOptions.CurrentKeyVersion '{CurrentKeyVersion}' has no key; add it with AddKey.");
        }
    }
}
