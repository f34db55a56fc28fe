using Microsoft.AspNetCore.Http;

namespace Horreum.AspNetCore;

/// <summary>Refuses every request (403): the endpoints need authorization and none was configured.</summary>
internal sealed class DenyFilter(string detail) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        ValueTask.FromResult<object?>(HttpReply.Problem(StatusCodes.Status403Forbidden, "Forbidden", detail));
}
