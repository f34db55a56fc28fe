using System.Globalization;

namespace FamiliaInterop;

/// <summary><c>redis://[:password@]host[:port][/db]</c> as a StackExchange.Redis configuration string.</summary>
public static class RedisUrl
{
    /// <summary>The configuration string of <paramref name="url"/>.</summary>
    public static string ToConfiguration(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var uri = new Uri(url);
        if (uri.Scheme is not ("redis" or "rediss"))
        {
            throw new ArgumentException($"expected a redis:// URL, not '{uri.Scheme}://…'", nameof(url));
        }
        var config = $"{uri.Host}:{(uri.Port > 0 ? uri.Port : 6379)}";
        var path = uri.AbsolutePath.Trim('/');
        if (path.Length > 0)
        {
            config += ",defaultDatabase=" + int.Parse(path, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
        }
        var password = uri.UserInfo.Contains(':', StringComparison.Ordinal) ? uri.UserInfo[(uri.UserInfo.IndexOf(':', StringComparison.Ordinal) + 1)..] : "";
        if (password.Length > 0)
        {
            config += ",password=" + Uri.UnescapeDataString(password);
        }
        if (uri.Scheme == "rediss")
        {
            config += ",ssl=true";
        }
        return config;
    }
}
