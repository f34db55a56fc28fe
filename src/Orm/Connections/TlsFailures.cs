namespace Horreum.Orm.Connections;

/// <summary>
/// Reads a failed TLS session's exceptions for the one thing the server's alert says: with TLS 1.3 a server that
/// demands a client certificate (<c>tls-auth-clients yes</c>) lets the handshake finish and then closes the connection
/// with a <c>certificate required</c> alert, which surfaces as a read error on the first command.
/// </summary>
internal static class TlsFailures
{
    public const string CertificateRequired = "client certificate required: the server demands one (tls-auth-clients) and none was given (Tls.CertificateFile/KeyFile, --tls-cert/--tls-key)";

    public static bool IsClientCertificateDemand(Exception ex)
    {
        for (var e = (Exception?)ex; e is not null; e = e.InnerException)
        {
            if (e.Message.Contains("certificate required", StringComparison.OrdinalIgnoreCase)
                || e.Message.Contains("peer did not return a certificate", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }

    public static string Explain(Exception ex, bool presentedCertificate)
    {
        if (IsClientCertificateDemand(ex))
        {
            return presentedCertificate
                ? "the server refused the client certificate presented"
                : CertificateRequired;
        }
        var innermost = ex;
        while (innermost.InnerException is not null)
        {
            innermost = innermost.InnerException;
        }
        var reason = innermost == ex ? ex.Message : $"{ex.Message} ({innermost.Message})";
        return presentedCertificate ? reason : reason + "; if the server demands a client certificate, give one (Tls.CertificateFile/KeyFile, --tls-cert/--tls-key)";
    }
}
