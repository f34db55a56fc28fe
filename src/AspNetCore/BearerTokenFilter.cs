using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Horreum.AspNetCore;

/// <summary>
/// <c>Authorization: Bearer TOKEN</c> for the standalone server. Both sides are hashed before the constant-time
/// comparison, so neither the content nor the length of the token leaks through timing; the token is never echoed.
/// </summary>
internal sealed class BearerTokenFilter(string token) : IEndpointFilter
{
    private readonly byte[] _expected = SHA256.HashData(Encoding.UTF8.GetBytes(token));

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var header = context.HttpContext.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return ValueTask.FromResult<object?>(Challenge(context.HttpContext, "This endpoint needs the server's token: send the header 'Authorization: Bearer TOKEN'."));
        }
        var given = SHA256.HashData(Encoding.UTF8.GetBytes(header[scheme.Length..].Trim()));
        return CryptographicOperations.FixedTimeEquals(given, _expected)
            ? next(context)
            : ValueTask.FromResult<object?>(Challenge(context.HttpContext, "The bearer token is not this server's token."));
    }

    private static IResult Challenge(HttpContext http, string detail)
    {
        http.Response.Headers.WWWAuthenticate = "Bearer realm=\"horreum\"";
        return HttpReply.Problem(StatusCodes.Status401Unauthorized, "Unauthorized", detail);
    }
}
