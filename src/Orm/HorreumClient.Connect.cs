using System.Net;
using Horreum.Orm.Connections;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Horreum.Orm;

/// <summary>Connecting: one way to say where Redis is, the same credentials and TLS for every connection.</summary>
public sealed partial class HorreumClient
{
    private readonly RedisEndpoint? _endpoint;
    private readonly CertificateTrust? _trust;
    private RedisEndpoint? _derived;
    private CertificateTrust? _derivedTrust;

    /// <summary>
    /// Connects and owns the connection. <paramref name="redis"/> is a Redis URL (<c>redis://[user:password@]host:port/db</c>,
    /// <c>rediss://</c> for TLS, certificates from <see cref="HorreumOptions.Tls"/>) or a StackExchange.Redis
    /// configuration string (<c>host:port,password=…</c>).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="redis"/> does not parse, or a setting is wrong.</exception>
    /// <exception cref="HorreumConnectionException">
    /// The server cannot be reached, refused the credentials, or a certificate check failed; the message names the
    /// endpoint (password masked) and the cause.
    /// </exception>
    public static Task<HorreumClient> ConnectAsync(string redis, HorreumOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(redis);
        return ConnectAsync(RedisEndpoint.Parse(redis), options, cancellationToken);
    }

    /// <summary>Connects to <paramref name="endpoint"/> and owns the connection.</summary>
    /// <inheritdoc cref="ConnectAsync(string, HorreumOptions?, CancellationToken)" path="/exception"/>
    public static async Task<HorreumClient> ConnectAsync(RedisEndpoint endpoint, HorreumOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        options ??= new HorreumOptions();
        options.Validate();
        cancellationToken.ThrowIfCancellationRequested();
        var trust = endpoint.Tls ? new CertificateTrust(options.Tls, endpoint.Host) : null;
        WarnIfInsecure(options, endpoint, trust);
        var configuration = endpoint.ToConfigurationOptions(trust, options.ConnectTimeout);
        if (endpoint.IsSingleServer)
        {
            // StackExchange.Redis waits out its whole connect timeout even when the port refuses at once.
            await ProbeAsync(endpoint, options.ConnectTimeout, cancellationToken).ConfigureAwait(false);
        }
        ConnectionMultiplexer mux;
        try
        {
            mux = await ConnectionMultiplexer.ConnectAsync(configuration).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RedisConnectionException ex)
        {
            throw await DiagnoseAsync(endpoint, trust, options, cancellationToken).ConfigureAwait(false)
                ?? ConnectFailure(endpoint, trust, ex, options.ConnectTimeout);
        }
        var client = new HorreumClient(mux, options, ownsConnection: true, endpoint, trust);
        if (endpoint.Password is not null)
        {
            try
            {
                await client.VerifyCredentialsAsync(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await client.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
        return client;
    }

    /// <summary>
    /// Authenticates once over a RESP connection: when an ACL user's password is wrong, StackExchange.Redis still
    /// connects if the server's <c>default</c> user needs no password, so every command would silently run as
    /// <c>default</c>. AUTH on a connection of our own reports WRONGPASS instead (and checks the RESP pipeline's TLS).
    /// </summary>
    private async Task VerifyCredentialsAsync(CancellationToken cancellationToken)
    {
        var (host, port) = Primaries().FirstOrDefault();
        if (host is null)
        {
            return;
        }
        Transport.RespConnection connection;
        try
        {
            connection = await Transport.RespConnection.ConnectAsync(RespOptionsFor(host, port), cancellationToken).ConfigureAwait(false);
        }
        catch (HorreumConnectionException ex) when (ex.Failure == ConnectionFailure.Authentication)
        {
            throw new HorreumConnectionException(Endpoint.Display, ConnectionFailure.Authentication,
                $"authentication failed for user '{Endpoint.User ?? "default"}' (wrong user name or password; {(ex.InnerException as Transport.RedisReplyException)?.ServerMessage ?? "refused"})", ex);
        }
        await connection.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// StackExchange.Redis reports a TLS session the server closed (a demanded client certificate) or refused
    /// credentials as a bare UnableToConnect; one RESP connection with the same settings names the cause.
    /// </summary>
    private static async Task<HorreumConnectionException?> DiagnoseAsync(RedisEndpoint endpoint, CertificateTrust? trust, HorreumOptions options, CancellationToken cancellationToken)
    {
        if (trust?.Failure is not null || !endpoint.IsSingleServer)
        {
            return null;
        }
        try
        {
            var connection = await Transport.RespConnection.ConnectAsync(
                endpoint.ToRespOptions(endpoint.Host, endpoint.Port, endpoint.Database, trust, options.ConnectTimeout), cancellationToken).ConfigureAwait(false);
            await connection.DisposeAsync().ConfigureAwait(false);
            return null;
        }
        catch (HorreumConnectionException ex) when (ex.Failure != ConnectionFailure.Unreachable)
        {
            return new HorreumConnectionException(endpoint.Display, ex.Failure, ex.Message[(ex.Message.IndexOf(": ", StringComparison.Ordinal) + 2)..].Replace(" (RESP pipeline)", "", StringComparison.Ordinal), ex);
        }
        catch (Exception ex) when (ex is HorreumException or IOException)
        {
            return null;
        }
    }

    private static async Task ProbeAsync(RedisEndpoint endpoint, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await socket.ConnectAsync(endpoint.Host, endpoint.Port, deadline.Token).ConfigureAwait(false);
        }
        catch (System.Net.Sockets.SocketException ex)
        {
            throw new HorreumConnectionException(endpoint.Display, ConnectionFailure.Unreachable, $"{ex.Message}: is redis-server running there?", ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new HorreumConnectionException(endpoint.Display, ConnectionFailure.Unreachable, $"no answer within the connect timeout ({timeout.TotalSeconds:0.#} s)", ex);
        }
    }

    /// <summary>
    /// Where this client connects (password kept, never shown: <see cref="RedisEndpoint.Display"/>); for a connection
    /// given to the constructor, read from its configuration.
    /// </summary>
    public RedisEndpoint Endpoint => _endpoint ?? LazyInitializer.EnsureInitialized(ref _derived, () => RedisEndpoint.FromConnection(Connection));

    private CertificateTrust? Trust =>
        _endpoint is not null ? _trust
        : !Endpoint.Tls ? null
        : LazyInitializer.EnsureInitialized(ref _derivedTrust, () => new CertificateTrust(Options.Tls, Endpoint.Host));

    /// <summary>The primaries the client knows of, connected or not (one for a single server, each shard's for a cluster).</summary>
    internal IEnumerable<IServer> KnownPrimaries() =>
        Connection.GetEndPoints()
            .Select(ep => Connection.GetServer(ep))
            .Where(s => !s.IsReplica);

    /// <summary>The connected ones of <see cref="KnownPrimaries"/>.</summary>
    internal IEnumerable<IServer> PrimaryServers() => KnownPrimaries().Where(s => s.IsConnected);

    /// <summary>The host and port of each of <see cref="PrimaryServers"/>.</summary>
    internal IEnumerable<(string Host, int Port)> Primaries() =>
        PrimaryServers()
            .Select(s => s.EndPoint switch
            {
                DnsEndPoint dns => (Host: (string?)dns.Host, dns.Port),
                IPEndPoint ip => (Host: ip.Address.ToString(), ip.Port),
                _ => (Host: null, Port: 0),
            })
            .Where(e => e.Host is not null)
            .Select(e => (e.Host!, e.Port));

    /// <summary>
    /// The RESP pipeline's settings for one server of this client's Redis: the same user, password, database and TLS
    /// (certificate checks and client certificate) as the StackExchange.Redis connection.
    /// </summary>
    internal Transport.RespConnectionOptions RespOptionsFor(string host, int port) =>
        Endpoint.ToRespOptions(host, port, Math.Max(0, Database.Database), Trust, Options.ConnectTimeout);

    private static void WarnIfInsecure(HorreumOptions options, RedisEndpoint endpoint, CertificateTrust? trust)
    {
        if (trust is null || !trust.Insecure)
        {
            return;
        }
        const string message = "TLS certificate checks are OFF for {Endpoint} (Tls.Insecure / --tls-insecure): the connection is encrypted, but anyone in the middle can read and change it. Use this for development only; give the CA file instead (Tls.CaFile / --tls-ca).";
        if (options.Logger is { } logger)
        {
#pragma warning disable CA1848 // once per connect: no need for a cached delegate
            logger.LogWarning(message, endpoint.Display);
#pragma warning restore CA1848
        }
        else
        {
            Console.Error.WriteLine("warning: " + message.Replace("{Endpoint}", endpoint.Display, StringComparison.Ordinal));
        }
    }

    private static HorreumConnectionException ConnectFailure(RedisEndpoint endpoint, CertificateTrust? trust, RedisConnectionException ex, TimeSpan timeout)
    {
        if (trust?.Failure is { } refused)
        {
            return new HorreumConnectionException(endpoint.Display, ConnectionFailure.Certificate, $"TLS certificate check failed: {refused}", ex);
        }
        var text = Describe(ex);
        if (text.Contains("WRONGPASS", StringComparison.Ordinal) || text.Contains("NOAUTH", StringComparison.Ordinal)
            || (ex.FailureType == ConnectionFailureType.AuthenticationFailure && !endpoint.Tls))
        {
            return new HorreumConnectionException(endpoint.Display, ConnectionFailure.Authentication,
                $"authentication failed for user '{endpoint.User ?? "default"}' (wrong user name or password)", ex);
        }
        if (endpoint.Tls && (ex.FailureType == ConnectionFailureType.AuthenticationFailure || TlsFailures.IsClientCertificateDemand(ex)))
        {
            var demand = TlsFailures.IsClientCertificateDemand(ex);
            return new HorreumConnectionException(endpoint.Display, demand ? ConnectionFailure.Certificate : ConnectionFailure.Tls,
                $"TLS handshake failed: {TlsFailures.Explain(ex, trust?.ClientCertificate is not null)}", ex);
        }
        return new HorreumConnectionException(endpoint.Display, ConnectionFailure.Unreachable,
            $"nothing accepted the connection ({ex.FailureType}; connect timeout {timeout.TotalSeconds:0.#} s): is redis-server running there?", ex);
    }

    private static string Describe(Exception ex)
    {
        var parts = new List<string>();
        for (var e = (Exception?)ex; e is not null; e = e.InnerException)
        {
            parts.Add(e.Message);
        }
        return string.Join(" | ", parts);
    }
}
