using System.Net.Security;
using System.Net.Sockets;
using Horreum.Orm.Connections;

namespace Horreum.Orm.Transport;

// Connecting: TCP, TLS, AUTH and SELECT, and the words a user reads when one of them fails.
internal sealed partial class RespConnection
{
    /// <summary>
    /// Connects (TLS when the options ask: the server's certificate checked, the client certificate presented), then
    /// authenticates (AUTH password, or AUTH user password for an ACL user) and selects the database.
    /// </summary>
    /// <exception cref="HorreumConnectionException">
    /// Nothing answers, a certificate check failed (the message says which), or AUTH was refused; never names the password.
    /// </exception>
    /// <exception cref="RedisReplyException">SELECT was refused.</exception>
    public static async Task<RespConnection> ConnectAsync(RespConnectionOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var where = Where(options);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ConnectTimeout);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Stream stream;
        try
        {
            await socket.ConnectAsync(options.Host, options.Port, timeout.Token).ConfigureAwait(false);
            stream = new NetworkStream(socket, ownsSocket: true);
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw new HorreumConnectionException(where, ConnectionFailure.Unreachable, $"{ex.Message} (RESP pipeline)", ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new HorreumConnectionException(where, ConnectionFailure.Unreachable, $"no answer within {options.ConnectTimeout.TotalSeconds:0.#} s (RESP pipeline)", ex);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        RespConnection? connection = null;
        var step = "TLS handshake";
        var certificateRequested = false;
        try
        {
            if (options.UseTls)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = ssl;
                await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
                {
                    TargetHost = options.TlsHost ?? options.Host,
                    RemoteCertificateValidationCallback = options.CertificateValidation,
                    // Called when the server sends a CertificateRequest: a later reset then means it wanted ours.
                    LocalCertificateSelectionCallback = (_, _, _, _, _) =>
                    {
                        certificateRequested = true;
                        return options.ClientCertificate!;
                    },
                }, timeout.Token).ConfigureAwait(false);
            }
            connection = new RespConnection(stream) { _endpoint = $"{options.Host}:{options.Port}" };
            if (options.Password is not null)
            {
                step = "AUTH";
                string[] auth = options.User is null ? [options.Password] : [options.User, options.Password];
                await connection.ExecuteAsync("AUTH", null, auth, timeout.Token).ConfigureAwait(false);
            }
            if (options.UseTls && options.Password is null && options.Database == 0)
            {
                // With TLS 1.3 a server that demands a client certificate refuses it only after the handshake: one
                // round trip now makes that a connect error instead of a failure of the first real command.
                step = "PING";
                await connection.ExecuteAsync("PING", null, [], timeout.Token).ConfigureAwait(false);
            }
            if (options.Database != 0)
            {
                step = "SELECT";
                await connection.ExecuteAsync("SELECT", null, [options.Database.ToString(System.Globalization.CultureInfo.InvariantCulture)], timeout.Token).ConfigureAwait(false);
            }
            return connection;
        }
        catch (Exception ex)
        {
            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }
            if (Describe(options, where, step, ex, certificateRequested, cancellationToken) is { } described)
            {
                throw described;
            }
            throw;
        }
    }

    private static string Where(RespConnectionOptions options)
    {
        var host = options.Host.Contains(':', StringComparison.Ordinal) ? $"[{options.Host}]" : options.Host;
        var user = options.User is null && options.Password is null ? "" : $"{options.User}:{(options.Password is null ? "" : "***")}@";
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{(options.UseTls ? "rediss" : "redis")}://{user}{host}:{options.Port}/{options.Database}");
    }

    /// <summary>What went wrong after the socket connected, in the words a user needs; null to let the exception pass.</summary>
    private static HorreumConnectionException? Describe(RespConnectionOptions options, string where, string step, Exception ex, bool certificateRequested, CancellationToken cancellationToken)
    {
        if (options.Trust?.Failure is { } refused)
        {
            return new HorreumConnectionException(where, ConnectionFailure.Certificate, $"TLS certificate check failed: {refused} (RESP pipeline)", ex);
        }
        switch (ex)
        {
            case RedisReplyException reply when step == "AUTH":
                return new HorreumConnectionException(where, ConnectionFailure.Authentication,
                    $"authentication failed for user '{options.User ?? "default"}': {reply.ServerMessage} (RESP pipeline)", ex);
            case OperationCanceledException when !cancellationToken.IsCancellationRequested:
                return new HorreumConnectionException(where, ConnectionFailure.Unreachable, $"the {step} got no answer within {options.ConnectTimeout.TotalSeconds:0.#} s (RESP pipeline)", ex);
            case System.Security.Authentication.AuthenticationException:
                return new HorreumConnectionException(where, ConnectionFailure.Tls, $"TLS handshake failed: {TlsFailures.Explain(ex, options.ClientCertificate is not null)} (RESP pipeline)", ex);
            case RespConnectionLostException or RespProtocolException or IOException when options.UseTls:
                var demanded = TlsFailures.IsClientCertificateDemand(ex) || (certificateRequested && options.ClientCertificate is null);
                return new HorreumConnectionException(where, demanded ? ConnectionFailure.Certificate : ConnectionFailure.Tls,
                    $"the server closed the TLS connection during the {step}: {(demanded && options.ClientCertificate is null ? TlsFailures.CertificateRequired : TlsFailures.Explain(ex, options.ClientCertificate is not null))} (RESP pipeline)", ex);
            default:
                return null;
        }
    }
}
