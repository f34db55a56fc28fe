namespace Horreum.Orm.Connections;

/// <summary>
/// How connections check the server's certificate and which certificate they present (used when the endpoint asks for
/// TLS: <c>rediss://</c>, <c>ssl=true</c>, <c>REDIS_TLS</c>). Defaults: the system trust store, no client certificate,
/// every check on.
/// </summary>
public sealed class RedisTlsOptions
{
    /// <summary>
    /// A PEM file of the CA certificate(s) the server's certificate must chain to, instead of the system trust store
    /// (default null: the system store). CLI: <c>--tls-ca</c>.
    /// </summary>
    public string? CaFile { get; set; }

    /// <summary>A PEM client certificate for mutual TLS (<c>tls-auth-clients yes</c>); default none. CLI: <c>--tls-cert</c>.</summary>
    public string? CertificateFile { get; set; }

    /// <summary>The PEM private key of <see cref="CertificateFile"/>; null when the key is in that file. CLI: <c>--tls-key</c>.</summary>
    public string? KeyFile { get; set; }

    /// <summary>
    /// The name the server's certificate must carry (default null: the host of the endpoint). Set it when you connect
    /// by address to a server whose certificate names its DNS name.
    /// </summary>
    public string? ServerName { get; set; }

    /// <summary>
    /// Accept any server certificate (default false). For development only: the connection is encrypted but anyone
    /// in the middle can read it. A warning is logged at every connect. CLI: <c>--tls-insecure</c>.
    /// </summary>
    public bool Insecure { get; set; }

    /// <summary>Whether any setting differs from the defaults.</summary>
    public bool IsConfigured => CaFile is not null || CertificateFile is not null || KeyFile is not null || ServerName is not null || Insecure;

    /// <summary>Checks the settings: named files exist, a key comes with a certificate.</summary>
    /// <exception cref="ArgumentException">A setting is wrong (the message names it and the file).</exception>
    public void Validate()
    {
        Exists(CaFile, nameof(CaFile));
        Exists(CertificateFile, nameof(CertificateFile));
        Exists(KeyFile, nameof(KeyFile));
        if (KeyFile is not null && CertificateFile is null)
        {
            throw new ArgumentException($"Tls.KeyFile ({KeyFile}) needs Tls.CertificateFile, the certificate the key belongs to.");
        }
        if (Insecure && CaFile is not null)
        {
            throw new ArgumentException($"Tls.Insecure accepts any certificate, so Tls.CaFile ({CaFile}) would never be checked: choose one.");
        }
    }

    private static void Exists(string? path, string name)
    {
        if (path is not null && !File.Exists(path))
        {
            throw new ArgumentException($"Tls.{name}: no such file '{path}'.");
        }
    }
}
