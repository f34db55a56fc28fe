using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Horreum.Orm.Transport;

/// <summary>Where and how a <see cref="RespConnection"/> connects. Defaults: 127.0.0.1:6379, no AUTH, database 0, no TLS.</summary>
internal sealed class RespConnectionOptions
{
    /// <summary>Host name or address (default <c>127.0.0.1</c>).</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>TCP port (default 6379).</summary>
    public int Port { get; set; } = 6379;

    /// <summary>ACL user name (Redis 6+); null authenticates as <c>default</c> with <see cref="Password"/> alone.</summary>
    public string? User { get; set; }

    /// <summary>Password for AUTH; null sends no AUTH.</summary>
    public string? Password { get; set; }

    /// <summary>Database to SELECT after connecting (default 0: no SELECT sent).</summary>
    public int Database { get; set; }

    /// <summary>Whether to speak TLS (default false).</summary>
    public bool UseTls { get; set; }

    /// <summary>The name the server certificate must carry; <see cref="Host"/> when null.</summary>
    public string? TlsHost { get; set; }

    /// <summary>Certificate check; null uses the system's trust store (a self-signed test certificate needs a pin here).</summary>
    public RemoteCertificateValidationCallback? CertificateValidation { get; set; }

    /// <summary>The client certificate (with its private key) presented for mutual TLS; default none.</summary>
    public X509Certificate2? ClientCertificate { get; set; }

    /// <summary>The checks behind <see cref="CertificateValidation"/> when Horreum made them: they say why a certificate was refused.</summary>
    internal Connections.CertificateTrust? Trust { get; set; }

    /// <summary>How long connecting, the TLS handshake and AUTH/SELECT may take (default 10 s).</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Checks the settings.</summary>
    /// <exception cref="ArgumentException">A setting is out of range (the message names it).</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Host))
        {
            throw new ArgumentException("Host is required.", nameof(Host));
        }
        if (Port is < 1 or > 65535)
        {
            throw new ArgumentException($"Port {Port} is not a TCP port.", nameof(Port));
        }
        if (Database < 0)
        {
            throw new ArgumentException($"Database {Database} must be 0 or more.", nameof(Database));
        }
        if (User is not null && Password is null)
        {
            throw new ArgumentException("An ACL user needs a Password.", nameof(User));
        }
        if (ConnectTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("ConnectTimeout must be positive.", nameof(ConnectTimeout));
        }
    }
}
