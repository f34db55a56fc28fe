using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Horreum.Orm.Embedded;

namespace Horreum.TestKit;

/// <summary>
/// A redis-server speaking TLS on <see cref="TlsPort"/> with a certificate from <see cref="TestCertificates"/> (plain
/// TCP stays open on <see cref="PlainPort"/> for the fixture's own setup, never for the code under test).
/// </summary>
public sealed class TlsRedisServer : IAsyncDisposable
{
    private readonly LocalRedisServer _server;

    private TlsRedisServer(LocalRedisServer server, int tlsPort)
    {
        _server = server;
        TlsPort = tlsPort;
    }

    /// <summary>The TLS port.</summary>
    public int TlsPort { get; }

    /// <summary>The plain port (setup only: ACL users, digests).</summary>
    public int PlainPort => _server.Port;

    /// <summary>
    /// Starts the server presenting the <paramref name="certificate"/> pair (server, expired, wronghost);
    /// <paramref name="requireClientCertificate"/> sets <c>--tls-auth-clients yes</c>.
    /// </summary>
    public static async Task<TlsRedisServer> StartAsync(TestCertificates certificates, string certificate = "server", bool requireClientCertificate = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(certificates);
        var (crt, key) = certificates.Pair(certificate);
        for (var attempt = 0; ; attempt++)
        {
            var tlsPort = FreePort();
            try
            {
                var server = await LocalRedisServer.StartAsync(extraArguments:
                [
                    "--tls-port", tlsPort.ToString(CultureInfo.InvariantCulture), "--tls-cert-file", crt, "--tls-key-file", key,
                    "--tls-ca-cert-file", certificates.CaFile, "--tls-auth-clients", requireClientCertificate ? "yes" : "no",
                ], cancellationToken: cancellationToken).ConfigureAwait(false);
                return new TlsRedisServer(server, tlsPort);
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                // The TLS port was taken between probing and binding: another port.
            }
        }
    }

    /// <summary><c>rediss://user:password@127.0.0.1:TlsPort/0</c>.</summary>
    public string Url(string? user = null, string? password = null) =>
        $"rediss://{(user is null && password is null ? "" : $"{user}:{password}@")}127.0.0.1:{TlsPort.ToString(CultureInfo.InvariantCulture)}/0";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
