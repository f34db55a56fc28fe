using System.Text.RegularExpressions;

namespace Horreum.Orm.Connections;

/// <summary>
/// Masks the places a secret sits in text, and only those: the password field of a URL (<c>scheme://user:***@host</c>),
/// <c>password=</c> in a StackExchange.Redis configuration string, and the password argument of an echoed <c>AUTH</c>
/// command. The secret's own text is never searched for elsewhere: a password such as <c>127</c> or <c>o</c> would
/// otherwise garble every message that happens to contain those characters, and reveal itself by the gaps.
/// </summary>
internal static partial class SecretMask
{
    public const string Stars = "***";

    public static string Apply(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Contains("://", StringComparison.Ordinal))
        {
            text = UrlPassword().Replace(text, static m => m.Groups["user"].Success
                ? $"{m.Groups["prefix"].Value}{m.Groups["user"].Value}:{Stars}@"
                : $"{m.Groups["prefix"].Value}{Stars}@");
        }
        if (text.Contains("assword=", StringComparison.OrdinalIgnoreCase))
        {
            text = OptionPassword().Replace(text, static m => m.Groups["name"].Value + Stars);
        }
        if (text.Contains("AUTH", StringComparison.Ordinal))
        {
            text = AuthCommand().Replace(text, static m => m.Groups["head"].Value + Stars);
        }
        return text;
    }

    // scheme://[user]:password@ or scheme://password@ (Redis URLs accept a lone password). A password field holds no
    // '@', '/' or white space once escaped, so the match cannot run past the authority into the rest of the text.
    [GeneratedRegex(@"(?<prefix>\b[A-Za-z][A-Za-z0-9+.\-]*://)(?:(?<user>[^:@/\s]*):[^@/\s]*|[^:@/\s]+)@", RegexOptions.CultureInvariant)]
    private static partial Regex UrlPassword();

    [GeneratedRegex(@"(?<name>(?<![A-Za-z])(?:sentinel)?password=)[^,\s]*", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex OptionPassword();

    // An echoed command: AUTH at the start of a line or right after a quote, then [user] password. "Redis answered
    // AUTH with an error" is prose, not an echo, and stays as it is.
    [GeneratedRegex("(?<head>(?:^|(?<=[\\n\"'`]))AUTH +(?:[^\\s\"'`]+ +)?)[^\\s\"'`]+", RegexOptions.CultureInvariant)]
    private static partial Regex AuthCommand();
}
