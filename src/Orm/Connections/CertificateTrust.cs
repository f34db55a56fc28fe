using System.Globalization;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Horreum.Orm.Connections;

/// <summary>
/// The certificate side of one endpoint's TLS, shared by StackExchange.Redis and the RESP pipeline: checks the server's
/// certificate (against <see cref="RedisTlsOptions.CaFile"/> or the system store) and remembers why it refused one, so
/// the connect error can say which check failed; and hands out the client certificate for mutual TLS.
/// </summary>
internal sealed class CertificateTrust
{
    private readonly RedisTlsOptions _options;
    private readonly X509Certificate2Collection? _authorities;
    private string? _failure;

    public CertificateTrust(RedisTlsOptions options, string host)
    {
        _options = options;
        options.Validate();
        ServerName = options.ServerName ?? host;
        if (options.CaFile is { } caFile)
        {
            _authorities = [];
            try
            {
                _authorities.ImportFromPemFile(caFile);
            }
            catch (System.Security.Cryptography.CryptographicException ex)
            {
                throw new ArgumentException($"Tls.CaFile '{caFile}' is not a PEM certificate file: {ex.Message}", ex);
            }
            if (_authorities.Count == 0)
            {
                throw new ArgumentException($"Tls.CaFile '{caFile}' holds no PEM certificate.");
            }
        }
        if (options.CertificateFile is { } certificateFile)
        {
            try
            {
                ClientCertificate = X509Certificate2.CreateFromPemFile(certificateFile, options.KeyFile);
            }
            catch (System.Security.Cryptography.CryptographicException ex)
            {
                throw new ArgumentException($"Tls.CertificateFile '{certificateFile}' (key: {options.KeyFile ?? "in the same file"}) cannot be loaded as a PEM certificate with its private key: {ex.Message}", ex);
            }
        }
    }

    /// <summary>The name the server's certificate must carry.</summary>
    public string ServerName { get; }

    /// <summary>The client certificate to present; null when none is configured.</summary>
    public X509Certificate2? ClientCertificate { get; }

    public bool Insecure => _options.Insecure;

    /// <summary>Why the last refused server certificate was refused; null when none was.</summary>
    public string? Failure => Volatile.Read(ref _failure);

    /// <summary>The <see cref="RemoteCertificateValidationCallback"/>.</summary>
    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (_options.Insecure)
        {
            return true;
        }
        var failure = Check(certificate, chain, errors);
        if (failure is not null)
        {
            Volatile.Write(ref _failure, failure);
            return false;
        }
        return true;
    }

    /// <summary>The <see cref="LocalCertificateSelectionCallback"/> (StackExchange.Redis asks through it).</summary>
    public X509Certificate Select(object sender, string targetHost, X509CertificateCollection localCertificates, X509Certificate? remoteCertificate, string[] acceptableIssuers) =>
        ClientCertificate!;

    private string? Check(X509Certificate? certificate, X509Chain? systemChain, SslPolicyErrors errors)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return "the server sent no certificate";
        }
        using var server = new X509Certificate2(certificate);
        var now = DateTime.Now;
        if (server.NotAfter < now)
        {
            return $"expired: the server's certificate expired on {server.NotAfter.ToUniversalTime().ToString("u", CultureInfo.InvariantCulture)} (subject {server.Subject})";
        }
        if (server.NotBefore > now)
        {
            return $"not yet valid: the server's certificate is not valid before {server.NotBefore.ToUniversalTime().ToString("u", CultureInfo.InvariantCulture)} (subject {server.Subject})";
        }
        if (_authorities is not null)
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(_authorities);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            if (!chain.Build(server))
            {
                return $"untrusted certificate chain: the server's certificate (subject {server.Subject}, issuer {server.Issuer}) does not chain to the CA in {_options.CaFile} ({Statuses(chain)})";
            }
        }
        else if (errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors))
        {
            var statuses = systemChain is null ? "no chain" : Statuses(systemChain);
            return $"untrusted certificate chain: the server's certificate (subject {server.Subject}, issuer {server.Issuer}) is not trusted by the system store ({statuses}); give the CA file (Tls.CaFile, --tls-ca)";
        }
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            var names = server.GetNameInfo(X509NameType.DnsName, forIssuer: false);
            return $"name mismatch: the server's certificate is for '{names}' (subject {server.Subject}), not '{ServerName}' (set Tls.ServerName if you connect by another name)";
        }
        return null;
    }

    private static string Statuses(X509Chain chain) =>
        chain.ChainStatus.Length == 0 ? "no status" : string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Distinct());
}
