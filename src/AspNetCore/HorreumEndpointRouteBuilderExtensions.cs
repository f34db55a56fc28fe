using Horreum.AspNetCore;
using Horreum.Migrations.Engine;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

// Next to MapGet and friends, so `app.MapHorreumMigrations()` is found without a using.
#pragma warning disable IDE0130
namespace Microsoft.AspNetCore.Builder;
#pragma warning restore IDE0130

/// <summary>Maps Horreum's migration endpoints and dashboard into an ASP.NET Core application.</summary>
public static class HorreumEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the dashboard page at <paramref name="prefix"/> and the API under <c>{prefix}/api</c>: GET status, history,
    /// migrations/{id}/history, drift, validate, lock, run, progress (Server-Sent Events); POST dry-run, run,
    /// migrations/{id}/rollback, unlock. The runner and client come from <c>services.AddHorreum(...)</c>.
    /// </summary>
    /// <param name="endpoints">The application (or another route builder).</param>
    /// <param name="prefix">Where to map, e.g. <c>/horreum</c> (<c>/</c> for a server of its own).</param>
    /// <param name="configure">Who may read and who may run: see <see cref="HorreumEndpointOptions"/>. Without it every API call is refused (403).</param>
    /// <returns>The route group, for more conventions (rate limiting, CORS, …).</returns>
    /// <exception cref="InvalidOperationException"><c>AddHorreum</c> was not called.</exception>
    public static RouteGroupBuilder MapHorreumMigrations(this IEndpointRouteBuilder endpoints, string prefix = "/horreum", Action<HorreumEndpointOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(prefix);
        var options = new HorreumEndpointOptions();
        configure?.Invoke(options);
        options.Validate();
        var services = endpoints.ServiceProvider;
        // Checked without resolving: resolving would connect to Redis while the app is still being built.
        if (services.GetService<IServiceProviderIsService>() is { } probe && !probe.IsService(typeof(MigrationRunner)))
        {
            throw new InvalidOperationException("MapHorreumMigrations needs Horreum's services: call builder.Services.AddHorreum(...) first (see docs/http.md).");
        }
        var logger = services.GetService<ILoggerFactory>()?.CreateLogger("Horreum.AspNetCore") ?? NullLogger.Instance;
        var stopping = services.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None;
        var handlers = new MigrationEndpoints(options, new RunCoordinator(logger, stopping));

        var root = endpoints.MapGroup(prefix.TrimEnd('/'));
        if (options.ServePage)
        {
            root.MapGet("/", (HttpContext http) =>
                // The page calls the API by relative URL ("api/status"), so it must be addressed with a final slash.
                http.Request.Path.HasValue && !http.Request.Path.Value!.EndsWith('/')
                    ? Results.Redirect(http.Request.PathBase + http.Request.Path + "/" + http.Request.QueryString)
                    : PageAssets.Serve(http, "index.html")).ExcludeFromDescription();
            root.MapGet("/app.js", (HttpContext http) => PageAssets.Serve(http, "app.js")).ExcludeFromDescription();
            root.MapGet("/app.css", (HttpContext http) => PageAssets.Serve(http, "app.css")).ExcludeFromDescription();
        }

        var api = root.MapGroup("/api");
        api.AddEndpointFilter(new ErrorFilter(logger));
        var reads = api.MapGroup("");
        var writes = api.MapGroup("");
        Protect(reads, options, reading: true);
        Protect(writes, options, reading: false);

        reads.MapGet("/status", handlers.StatusAsync);
        reads.MapGet("/history", handlers.HistoryAsync);
        reads.MapGet("/migrations/{id}/history", handlers.MigrationHistoryAsync);
        reads.MapGet("/drift", MigrationEndpoints.DriftAsync);
        reads.MapGet("/validate", MigrationEndpoints.ValidateAsync);
        reads.MapGet("/lock", MigrationEndpoints.LockAsync);
        reads.MapGet("/run", handlers.CurrentRun);
        reads.MapGet("/progress", handlers.ProgressAsync);
        // A dry run writes nothing (no lock, no registry entry): it is a read, however long it takes.
        reads.MapPost("/dry-run", MigrationEndpoints.DryRunAsync);

        writes.MapPost("/run", handlers.RunAsync);
        writes.MapPost("/migrations/{id}/rollback", MigrationEndpoints.RollbackAsync);
        writes.MapPost("/unlock", MigrationEndpoints.UnlockAsync);
        return root;
    }

    private static void Protect(RouteGroupBuilder group, HorreumEndpointOptions options, bool reading)
    {
        if (reading && options.AllowAnonymousReads)
        {
            return;
        }
        var policy = reading ? options.ReadPolicy ?? options.WritePolicy : options.WritePolicy;
        if (policy is not null)
        {
            group.RequireAuthorization(policy);
        }
        else if (options.BearerToken is not null)
        {
            group.AddEndpointFilter(new BearerTokenFilter(options.BearerToken));
        }
        else
        {
            group.AddEndpointFilter(new DenyFilter(reading
                ? "Reading the migrations needs authorization and none is configured: set ReadPolicy, WritePolicy or BearerToken, or AllowAnonymousReads, in MapHorreumMigrations."
                : "Runs, rollbacks and unlocking need authorization and none is configured: set WritePolicy or BearerToken in MapHorreumMigrations (horreum serve: --token)."));
        }
    }
}
