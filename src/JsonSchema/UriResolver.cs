using System.Text;

namespace Horreum.JsonSchema;

/// <summary>
/// RFC 3986 reference resolution written out by hand, because <see cref="Uri"/> rejects or rewrites
/// URNs, <c>file:</c> paths and fragments in ways that break schema identifiers.
/// </summary>
internal static class UriResolver
{
    internal static bool IsAbsolute(string uri) => SchemeLength(uri) > 0;

    internal static string StripEmptyFragment(string uri) => uri.EndsWith('#') ? uri[..^1] : uri;

    /// <summary>Splits off the fragment (without '#'); the fragment is null when there is none.</summary>
    internal static (string Resource, string? Fragment) SplitFragment(string uri)
    {
        var hash = uri.IndexOf('#', StringComparison.Ordinal);
        return hash < 0 ? (uri, null) : (uri[..hash], uri[(hash + 1)..]);
    }

    internal static string Resolve(string baseUri, string reference)
    {
        var r = Parse(reference);
        string? scheme, authority, query;
        string path;
        if (r.Scheme is not null)
        {
            scheme = r.Scheme;
            authority = r.Authority;
            path = RemoveDotSegments(r.Path);
            query = r.Query;
        }
        else
        {
            var b = Parse(baseUri);
            scheme = b.Scheme;
            if (r.Authority is not null)
            {
                authority = r.Authority;
                path = RemoveDotSegments(r.Path);
                query = r.Query;
            }
            else
            {
                authority = b.Authority;
                if (r.Path.Length == 0)
                {
                    path = b.Path;
                    query = r.Query ?? b.Query;
                }
                else
                {
                    path = r.Path.StartsWith('/') ? RemoveDotSegments(r.Path) : RemoveDotSegments(Merge(b, r.Path));
                    query = r.Query;
                }
            }
        }

        var sb = new StringBuilder();
        if (scheme is not null)
        {
            sb.Append(scheme).Append(':');
        }

        if (authority is not null)
        {
            sb.Append("//").Append(authority);
        }

        sb.Append(path);
        if (query is not null)
        {
            sb.Append('?').Append(query);
        }

        if (r.Fragment is not null)
        {
            sb.Append('#').Append(r.Fragment);
        }

        return sb.ToString();
    }

    private static string Merge(Parts b, string relPath)
    {
        if (b.Authority is not null && b.Path.Length == 0)
        {
            return "/" + relPath;
        }

        var slash = b.Path.LastIndexOf('/');
        return slash < 0 ? relPath : string.Concat(b.Path.AsSpan(0, slash + 1), relPath);
    }

    private static string RemoveDotSegments(string path)
    {
        if (!path.Contains('.', StringComparison.Ordinal))
        {
            return path;
        }

        var input = path;
        var output = new List<string>();
        var sb = new StringBuilder();
        while (input.Length > 0)
        {
            if (input.StartsWith("../", StringComparison.Ordinal))
            {
                input = input[3..];
            }
            else if (input.StartsWith("./", StringComparison.Ordinal))
            {
                input = input[2..];
            }
            else if (input.StartsWith("/./", StringComparison.Ordinal))
            {
                input = input[2..];
            }
            else if (input == "/.")
            {
                input = "/";
            }
            else if (input.StartsWith("/../", StringComparison.Ordinal) || input == "/..")
            {
                input = input.Length == 3 ? "/" : input[3..];
                if (output.Count > 0)
                {
                    output.RemoveAt(output.Count - 1);
                }
            }
            else if (input is "." or "..")
            {
                input = string.Empty;
            }
            else
            {
                var start = input.StartsWith('/') ? 1 : 0;
                var next = input.IndexOf('/', start);
                var segment = next < 0 ? input : input[..next];
                output.Add(segment);
                input = next < 0 ? string.Empty : input[next..];
            }
        }

        foreach (var s in output)
        {
            sb.Append(s);
        }

        return sb.ToString();
    }

    private static int SchemeLength(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c == ':')
            {
                return i;
            }

            var ok = char.IsAsciiLetter(c) || (i > 0 && (char.IsAsciiDigit(c) || c is '+' or '-' or '.'));
            if (!ok)
            {
                return -1;
            }
        }

        return -1;
    }

    private static Parts Parse(string s)
    {
        string? fragment = null;
        var hash = s.IndexOf('#', StringComparison.Ordinal);
        if (hash >= 0)
        {
            fragment = s[(hash + 1)..];
            s = s[..hash];
        }

        string? query = null;
        var q = s.IndexOf('?', StringComparison.Ordinal);
        if (q >= 0)
        {
            query = s[(q + 1)..];
            s = s[..q];
        }

        string? scheme = null;
        var schemeLength = SchemeLength(s);
        if (schemeLength > 0)
        {
            scheme = s[..schemeLength].ToLowerInvariant();
            s = s[(schemeLength + 1)..];
        }

        string? authority = null;
        if (s.StartsWith("//", StringComparison.Ordinal))
        {
            var end = s.IndexOf('/', 2);
            authority = end < 0 ? s[2..] : s[2..end];
            s = end < 0 ? string.Empty : s[end..];
        }

        return new Parts(scheme, authority, s, query, fragment);
    }

    private readonly record struct Parts(string? Scheme, string? Authority, string Path, string? Query, string? Fragment);
}
