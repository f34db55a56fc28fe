using Horreum.Migrations;
using Horreum.Migrations.Engine;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Horreum.AspNetCore;

/// <summary>
/// Turns what the runner throws into problem details: unknown id 404, state conflicts and a busy lock 409 (with
/// the holder), Redis trouble 503, anything else 500 with a trace id. Never a stack trace; the log has it.
/// </summary>
internal sealed partial class ErrorFilter(ILogger logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        try
        {
            return await next(context).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            throw;
        }
        catch (MigrationNotFoundException ex)
        {
            return HttpReply.NotFound(ex.Message);
        }
        catch (MigrationLockNotAcquiredException ex)
        {
            return await BusyAsync(http, ex.Message).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is MigrationNotAppliedException or MigrationHasDependentsException or MigrationNotReversibleException
            or MigrationDependencyNotMetException or MigrationValidationException or CircularDependencyException)
        {
            return HttpReply.Problem(StatusCodes.Status409Conflict, "Conflict", ex.Message);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            LogFailure(logger, ex, http.Request.Method, http.Request.Path, http.TraceIdentifier);
            return HttpReply.Problem(StatusCodes.Status503ServiceUnavailable, "Redis unavailable",
                $"Redis did not answer in time or refused the command; the server log has the details (trace id {http.TraceIdentifier}).");
        }
        catch (HorreumMigrationException ex)
        {
            LogFailure(logger, ex, http.Request.Method, http.Request.Path, http.TraceIdentifier);
            return HttpReply.Problem(StatusCodes.Status500InternalServerError, "Migration error", ex.Message);
        }
        catch (Exception ex)
        {
            LogFailure(logger, ex, http.Request.Method, http.Request.Path, http.TraceIdentifier);
            return HttpReply.Problem(StatusCodes.Status500InternalServerError, "Internal error",
                $"The request failed unexpectedly; the server log has the details (trace id {http.TraceIdentifier}).");
        }
    }

    /// <summary>409 naming who holds the lock (read again: the exception carries it as text only).</summary>
    public static async Task<IResult> BusyAsync(HttpContext http, string detail)
    {
        var runner = http.RequestServices.GetRequiredService<MigrationRunner>();
        var holder = await runner.GetLockHolderAsync(http.RequestAborted).ConfigureAwait(false);
        return HttpReply.Problem(StatusCodes.Status409Conflict, "Migration lock held", detail, holder);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Horreum endpoint {Method} {Path} failed (trace id {TraceId})")]
    private static partial void LogFailure(ILogger logger, Exception exception, string method, string path, string traceId);
}
