using System.Text.Json;
using System.Text.Json.Serialization;
using Horreum.Migrations.Reporting;
using Microsoft.AspNetCore.Http;

namespace Horreum.AspNetCore;

/// <summary>Reads an optional JSON body strictly: unknown fields and wrong types are a 400 that names them.</summary>
internal static class RequestBody
{
    private const int MaxBytes = 64 * 1024;

    private static readonly JsonSerializerOptions s_strict = new(ReportJson.Options)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static async Task<(T? Value, IResult? Error)> ReadAsync<T>(HttpRequest request, Func<T> empty, CancellationToken cancellationToken)
        where T : class
    {
        if (request.ContentLength is > MaxBytes)
        {
            return (null, HttpReply.BadRequest($"The body is larger than {MaxBytes} bytes."));
        }
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (buffer.Length > MaxBytes)
        {
            return (null, HttpReply.BadRequest($"The body is larger than {MaxBytes} bytes."));
        }
        // JSON only, even for an empty body: a cross-site form or a no-cors fetch cannot send application/json
        // without a CORS preflight, so a browser with the user's cookies cannot be made to start a run.
        if (request.ContentType is not { } type || !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                $"Send the request as application/json (an empty body or {{}} is fine; curl: --json '{{}}'), not {request.ContentType ?? "without a Content-Type"}."));
        }
        if (buffer.Length == 0 || buffer.ToArray().All(b => b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t'))
        {
            return (empty(), null);
        }
        try
        {
            var value = JsonSerializer.Deserialize<T>(buffer.ToArray(), s_strict);
            return value is null ? (null, HttpReply.BadRequest("The body is JSON null; send an object (or no body).")) : (value, null);
        }
        catch (JsonException ex)
        {
            // The serializer's message names the field and position (e.g. "$.limit"); it carries no server detail.
            return (null, HttpReply.BadRequest($"The body is not a valid request: {ex.Message}"));
        }
    }

    private static IResult Problem(int status, string title, string detail) => HttpReply.Problem(status, title, detail);
}
