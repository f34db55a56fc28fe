using Horreum.Migrations.Engine;
using Horreum.Migrations.Hosting;
using Horreum.Orm;
using Horreum.Orm.Connections;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

// The DI entry point lives in the container's own namespace (FluentMigrator/EF style), so it is found without a using.
#pragma warning disable IDE0130
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Registers Horreum (connection, mapper client, migration runner) in a service collection.</summary>
public static class HorreumServiceCollectionExtensions
{
    /// <summary>
    /// Adds the Redis connection (unless one is registered), a <see cref="HorreumClient"/> and a
    /// <see cref="MigrationRunner"/>, all singletons added with TryAdd so an application's own registrations win.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Connection string, registry prefix, key namespace, runner settings.</param>
    /// <returns>A builder for migrations and startup behaviour.</returns>
    public static HorreumBuilder AddHorreum(this IServiceCollection services, Action<HorreumHostingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<HorreumHostingOptions>();
        if (configure is not null)
        {
            services.Configure(configure);
        }
        services.TryAddSingleton<IConnectionMultiplexer>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<HorreumHostingOptions>>().Value;
            var endpoint = (options.ConnectionString is { } text ? RedisEndpoint.Parse(text) : RedisEndpoint.FromEnvironment(Environment.GetEnvironmentVariables()))
                ?? throw new InvalidOperationException("AddHorreum needs a ConnectionString (a redis:// URL or configuration string), REDIS_URL or REDIS_HOST in the environment, or an IConnectionMultiplexer registered in the container.");
            var configuration = endpoint.ToConfigurationOptions(options.Client.Tls, options.Client.ConnectTimeout);
            if (options.ConnectionString is null || !options.ConnectionString.Contains("abortConnect", StringComparison.OrdinalIgnoreCase))
            {
                // A service keeps trying in the background rather than failing its container at the first resolve.
                configuration.AbortOnConnectFail = false;
            }
            // SE.Redis's own synchronous connect (no sync-over-async on our side).
            return ConnectionMultiplexer.Connect(configuration);
        });
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<HorreumHostingOptions>>().Value.Client;
            options.Logger ??= sp.GetService<ILoggerFactory>()?.CreateLogger<HorreumClient>();
            return new HorreumClient(sp.GetRequiredService<IConnectionMultiplexer>(), options);
        });
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<HorreumHostingOptions>>().Value;
            options.Runner.Logger = sp.GetService<ILoggerFactory>()?.CreateLogger<MigrationRunner>() ?? (ILogger)NullLogger.Instance;
            return new MigrationRunner(sp.GetRequiredService<HorreumClient>(), options.ResolveMigrations(), options.Runner);
        });
        return new HorreumBuilder(services);
    }
}
