using System.Collections;
using System.Globalization;
using System.Net;
using StackExchange.Redis;

namespace Horreum.Orm.Connections;

/// <summary>
/// Where Redis is and who connects: parsed once from a Redis URL (<c>redis://[user:password@]host[:port][/db]</c>,
/// <c>rediss://</c> for TLS), a StackExchange.Redis configuration string (<c>host:port,user=…,password=…,ssl=true</c>),
/// or the environment (<c>REDIS_URL</c>, else <c>REDIS_HOST</c>/<c>REDIS_PORT</c>/<c>REDIS_USERNAME</c>/
/// <c>REDIS_PASSWORD</c>/<c>REDIS_DATABASE</c>/<c>REDIS_TLS</c>). Every connection the project opens (StackExchange.Redis
/// and the RESP pipeline) takes its user, password, database and TLS from here. <see cref="ToString"/> and
/// <see cref="Display"/> never show the password.
/// </summary>
public sealed class RedisEndpoint
{
    private const string UrlHint = "use redis://[user:password@]host[:port][/db], rediss:// for TLS, or a StackExchange.Redis configuration string (host:port,password=…)";
    private readonly ConfigurationOptions? _configuration;

    private RedisEndpoint(string host, int port, string? user, string? password, int database, bool tls, ConfigurationOptions? configuration)
    {
        Host = host;
        Port = port;
        User = user;
        Password = password;
        Database = database;
        Tls = tls;
        _configuration = configuration;
    }

    /// <summary>The host name or address (the first endpoint of a configuration string that lists several).</summary>
    public string Host { get; }

    /// <summary>The TCP port (default 6379).</summary>
    public int Port { get; }

    /// <summary>The ACL user; null authenticates as <c>default</c> (or not at all without a password).</summary>
    public string? User { get; }

    /// <summary>The password; null sends no AUTH.</summary>
    public string? Password { get; }

    /// <summary>The database number (default 0).</summary>
    public int Database { get; }

    /// <summary>Whether connections speak TLS.</summary>
    public bool Tls { get; }

    /// <summary>Whether the endpoint names one server (a URL, or a configuration string with one endpoint).</summary>
    internal bool IsSingleServer => _configuration is null || _configuration.EndPoints.Count == 1;

    /// <summary>The endpoint as a URL with the password masked, for messages: <c>rediss://app:***@host:6380/0</c>.</summary>
    public string Display
    {
        get
        {
            var credentials = User is null && Password is null ? "" : $"{User}:{(Password is null ? "" : SecretMask.Stars)}@";
            var host = Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host;
            return string.Create(CultureInfo.InvariantCulture, $"{(Tls ? "rediss" : "redis")}://{credentials}{host}:{Port}/{Database}");
        }
    }

    /// <inheritdoc cref="Display"/>
    public override string ToString() => Display;

    /// <summary>
    /// Masks the secrets in <paramref name="text"/>: the password field of any URL, <c>password=</c> of a configuration
    /// string and the password of an echoed <c>AUTH</c> command; nothing else in the text changes.
    /// </summary>
    public static string Mask(string text) => SecretMask.Apply(text);

    /// <summary>Parses a Redis URL, <c>host:port</c>, or a StackExchange.Redis configuration string.</summary>
    /// <exception cref="ArgumentException">The text is neither (the message never contains the password).</exception>
    public static RedisEndpoint Parse(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        text = text.Trim();
        return text.Contains("://", StringComparison.Ordinal) ? ParseUrl(text) : ParseConfiguration(text);
    }

    /// <summary>
    /// The endpoint the environment names: <c>REDIS_URL</c>, else <c>REDIS_HOST</c> with <c>REDIS_PORT</c> (6379),
    /// <c>REDIS_USERNAME</c>, <c>REDIS_PASSWORD</c>, <c>REDIS_DATABASE</c> (0) and <c>REDIS_TLS</c> (1/true/yes); null when
    /// neither is set.
    /// </summary>
    /// <param name="environment">The variables, e.g. <see cref="Environment.GetEnvironmentVariables()"/>.</param>
    /// <exception cref="ArgumentException">A variable holds a value that does not parse (named in the message).</exception>
    public static RedisEndpoint? FromEnvironment(IDictionary environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (environment["REDIS_URL"] is string { Length: > 0 } url && !string.IsNullOrWhiteSpace(url))
        {
            return Parse(url);
        }
        if (environment["REDIS_HOST"] is not string host || string.IsNullOrWhiteSpace(host))
        {
            return null;
        }
        var port = Number(environment["REDIS_PORT"] as string, 6379, "REDIS_PORT");
        if (port is < 1 or > 65535)
        {
            throw new ArgumentException($"REDIS_PORT={port} is not a TCP port (1..65535).");
        }
        return new RedisEndpoint(
            host.Trim(),
            port,
            environment["REDIS_USERNAME"] is string { Length: > 0 } user ? user : null,
            environment["REDIS_PASSWORD"] is string { Length: > 0 } password ? password : null,
            Number(environment["REDIS_DATABASE"] as string, 0, "REDIS_DATABASE"),
            (environment["REDIS_TLS"] as string)?.Trim().ToUpperInvariant() is "1" or "TRUE" or "YES",
            configuration: null);
    }

    /// <summary>
    /// The StackExchange.Redis settings for this endpoint: user, password, database, TLS with <paramref name="tls"/>'s
    /// certificate checks and client certificate, and fail-fast connecting within <paramref name="connectTimeout"/>.
    /// Options a configuration string carried beyond these are kept as given.
    /// </summary>
    /// <exception cref="ArgumentException">A TLS setting is wrong (a missing or unreadable file).</exception>
    internal ConfigurationOptions ToConfigurationOptions(RedisTlsOptions tls, TimeSpan connectTimeout) =>
        ToConfigurationOptions(Tls ? new CertificateTrust(tls ?? throw new ArgumentNullException(nameof(tls)), Host) : null, connectTimeout);

    internal ConfigurationOptions ToConfigurationOptions(CertificateTrust? trust, TimeSpan connectTimeout)
    {
        ConfigurationOptions options;
        if (_configuration is not null)
        {
            options = _configuration.Clone();
        }
        else
        {
            options = new ConfigurationOptions
            {
                AbortOnConnectFail = true,
                ConnectRetry = 1,
                ConnectTimeout = (int)connectTimeout.TotalMilliseconds,
                User = User,
                Password = Password,
                DefaultDatabase = Database,
                Ssl = Tls,
            };
            options.EndPoints.Add(Host, Port);
        }
        if (trust is not null)
        {
            options.Ssl = true;
            options.SslHost = trust.ServerName;
            options.CertificateValidation += trust.Validate;
            if (trust.ClientCertificate is not null)
            {
                options.CertificateSelection += trust.Select;
            }
        }
        return options;
    }

    /// <summary>The RESP pipeline's settings for one server of this endpoint (a cluster node or the primary found).</summary>
    internal Transport.RespConnectionOptions ToRespOptions(string host, int port, int database, CertificateTrust? trust, TimeSpan connectTimeout) => new()
    {
        Host = host,
        Port = port,
        User = User,
        Password = Password,
        Database = database,
        UseTls = trust is not null,
        TlsHost = trust?.ServerName,
        CertificateValidation = trust is null ? null : trust.Validate,
        ClientCertificate = trust?.ClientCertificate,
        Trust = trust,
        ConnectTimeout = connectTimeout,
    };

    /// <summary>The endpoint a live StackExchange.Redis connection was made with (its configuration names the credentials).</summary>
    internal static RedisEndpoint FromConnection(IConnectionMultiplexer connection) => ParseConfiguration(connection.Configuration);

    private static RedisEndpoint ParseUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            throw new ArgumentException($"'{SecretMask.Apply(url)}' is not a Redis URL: {UrlHint}.");
        }
        if (uri.Scheme is not ("redis" or "rediss"))
        {
            throw new ArgumentException($"'{SecretMask.Apply(url)}': the scheme '{uri.Scheme}' is not redis or rediss; {UrlHint}.");
        }
        if (string.IsNullOrEmpty(uri.Host))
        {
            throw new ArgumentException($"'{SecretMask.Apply(url)}' names no host; {UrlHint}.");
        }
        if (uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            throw new ArgumentException($"'{SecretMask.Apply(url)}': a query or fragment ('{uri.Query}{uri.Fragment}') is not understood; TLS is the rediss:// scheme, the database the path.");
        }
        string? user = null;
        string? password = null;
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                // redis://password@host, as redis-cli and most clients read it.
                password = Uri.UnescapeDataString(uri.UserInfo);
            }
            else
            {
                user = colon > 0 ? Uri.UnescapeDataString(uri.UserInfo[..colon]) : null;
                password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }
        }
        var database = 0;
        var path = uri.AbsolutePath.Trim('/');
        if (path.Length > 0 && !int.TryParse(path, NumberStyles.None, CultureInfo.InvariantCulture, out database))
        {
            throw new ArgumentException($"'{SecretMask.Apply(url)}': the path '{path}' is not a database number.");
        }
        var host = uri.Host.Trim('[', ']');
        return new RedisEndpoint(host, uri.IsDefaultPort || uri.Port < 0 ? 6379 : uri.Port, user, password is { Length: > 0 } ? password : null, database, uri.Scheme == "rediss", configuration: null);
    }

    private static RedisEndpoint ParseConfiguration(string text)
    {
        ConfigurationOptions options;
        try
        {
            options = ConfigurationOptions.Parse(text);
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"'{SecretMask.Apply(text)}' is not a Redis URL or configuration string ({SecretMask.Apply(ex.Message)}); {UrlHint}.");
        }
        if (options.EndPoints.Count == 0)
        {
            throw new ArgumentException($"'{SecretMask.Apply(text)}' names no server; {UrlHint}.");
        }
        var (host, port) = options.EndPoints[0] switch
        {
            DnsEndPoint dns => (dns.Host, dns.Port),
            IPEndPoint ip => (ip.Address.ToString(), ip.Port),
            var other => throw new ArgumentException($"'{other}' is not a host:port endpoint; {UrlHint}."),
        };
        return new RedisEndpoint(host, port == 0 ? 6379 : port, options.User is { Length: > 0 } u ? u : null,
            options.Password is { Length: > 0 } p ? p : null, options.DefaultDatabase ?? 0, options.Ssl, options);
    }

    private static int Number(string? text, int fallback, string name)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }
        return int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ArgumentException($"{name}='{text}' is not a number.");
    }
}
