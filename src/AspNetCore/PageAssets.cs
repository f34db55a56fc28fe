using Microsoft.AspNetCore.Http;

namespace Horreum.AspNetCore;

/// <summary>The dashboard's three files, embedded in the assembly and read once.</summary>
internal static class PageAssets
{
    // Everything from this origin only: no CDN, no inline script, no framing.
    private const string Policy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static readonly Lazy<Dictionary<string, (string Type, byte[] Bytes)>> s_files = new(Load);

    public static IReadOnlyCollection<string> Names => s_files.Value.Keys;

    public static IResult Serve(HttpContext http, string name)
    {
        var (type, bytes) = s_files.Value[name];
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = Policy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-cache";
        return Results.Bytes(bytes, type);
    }

    private static Dictionary<string, (string, byte[])> Load()
    {
        var assembly = typeof(PageAssets).Assembly;
        var files = new Dictionary<string, (string, byte[])>(StringComparer.Ordinal);
        foreach (var (name, type) in new[] { ("index.html", "text/html; charset=utf-8"), ("app.js", "text/javascript; charset=utf-8"), ("app.css", "text/css; charset=utf-8") })
        {
            using var stream = assembly.GetManifestResourceStream("Horreum.AspNetCore.Page." + name)
                ?? throw new InvalidOperationException($"The dashboard file {name} is not embedded in {assembly.GetName().Name}; the build is broken.");
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            files[name] = (type, copy.ToArray());
        }
        return files;
    }
}
