using System.Collections;
using System.Globalization;
using StackExchange.Redis;

namespace Horreum.Cli.Infrastructure;

/// <summary>
/// Where to connect: <c>--redis URL</c> (<c>redis://[user:pass@]host:port[/db]</c>, <c>rediss://</c> for TLS), else
/// <c>REDIS_URL</c>, else <c>REDIS_HOST</c>/<c>REDIS_PORT</c>/<c>REDIS_PASSWORD</c>/<c>REDIS_DATABASE</c>/<c>REDIS_TLS</c>.
/// The password never appears in <see cref="Display"/>.
/// </summary>
internal sealed record RedisEndpoint(string Host, int Port, string? User, string? Password, int Database, bool Tls)
{
    public string Display =>
        $"{(Tls ? "rediss" : "redis")}://{(User is not null || Password is not null ? $"{User}:***@" : "")}{Host}:{Port.ToString(CultureInfo.InvariantCulture)}/{Database.ToString(CultureInfo.InvariantCulture)}";

    public static RedisEndpoint? Resolve(string? url, IDictionary environment)
    {
        url ??= environment["REDIS_URL"] as string;
        if (!string.IsNullOrWhiteSpace(url))
        {
            return Parse(url);
        }
        var host = environment["REDIS_HOST"] as string;
        if (string.IsNullOrWhiteSpace(host))
        {
            return null;
        }
        return new RedisEndpoint(
            host,
            ParseInt(environment["REDIS_PORT"] as string, 6379, "REDIS_PORT"),
            null,
            environment["REDIS_PASSWORD"] as string is { Length: > 0 } p ? p : null,
            ParseInt(environment["REDIS_DATABASE"] as string, 0, "REDIS_DATABASE"),
            (environment["REDIS_TLS"] as string)?.Trim().ToUpperInvariant() is "1" or "TRUE" or "YES");
    }

    public static RedisEndpoint Parse(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.Contains("://", StringComparison.Ordinal))
        {
            // host:port shorthand
            url = "redis://" + url;
        }
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != "redis" && uri.Scheme != "rediss") || string.IsNullOrEmpty(uri.Host))
        {
            throw new CliException($"'{Redact(url)}' is not a Redis URL; use redis://[user:password@]host:port[/db] or rediss:// for TLS.");
        }
        string? user = null;
        string? password = null;
        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            user = parts.Length == 2 && parts[0].Length > 0 ? Uri.UnescapeDataString(parts[0]) : null;
            password = Uri.UnescapeDataString(parts.Length == 2 ? parts[1] : parts[0]);
        }
        var db = 0;
        var path = uri.AbsolutePath.Trim('/');
        if (path.Length > 0 && !int.TryParse(path, NumberStyles.None, CultureInfo.InvariantCulture, out db))
        {
            throw new CliException($"'{path}' in the Redis URL is not a database number.");
        }
        var host = uri.Host.Trim('[', ']');
        return new RedisEndpoint(host, uri.IsDefaultPort || uri.Port < 0 ? 6379 : uri.Port, user, password, db, uri.Scheme == "rediss");
    }

    public ConfigurationOptions ToOptions()
    {
        if (User is not null && User != "default")
        {
            throw new CliException($"ACL user names ('{User}') are not supported by the Redis client this build uses (StackExchange.Redis 1.2.6); connect with the password alone (requirepass or the default user).");
        }
        var options = new ConfigurationOptions
        {
            AbortOnConnectFail = true,
            ConnectTimeout = 3000,
            SyncTimeout = 30000,
            AllowAdmin = true,
            Password = Password,
            Ssl = Tls,
            DefaultDatabase = Database,
            ConnectRetry = 1,
        };
        options.EndPoints.Add(Host, Port);
        return options;
    }

    /// <summary>Removes a password from a URL for messages.</summary>
    public static string Redact(string text)
    {
        var at = text.IndexOf('@', StringComparison.Ordinal);
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        return at > 0 && scheme >= 0 && scheme < at ? text[..(scheme + 3)] + "***" + text[at..] : text;
    }

    private static int ParseInt(string? text, int fallback, string name)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new CliException($"{name}='{text}' is not a number.");
    }
}
