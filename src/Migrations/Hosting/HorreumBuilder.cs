using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Horreum.Migrations.Hosting;

/// <summary>Configures Horreum in a service collection; returned by <c>services.AddHorreum(...)</c>.</summary>
public sealed class HorreumBuilder
{
    internal HorreumBuilder(IServiceCollection services) => Services = services;

    /// <summary>The service collection.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Registers every migration found in <paramref name="assembly"/>.</summary>
    public HorreumBuilder AddMigrationsFrom(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        Services.Configure<HorreumHostingOptions>(o =>
        {
            if (!o.MigrationAssemblies.Contains(assembly))
            {
                o.MigrationAssemblies.Add(assembly);
            }
        });
        return this;
    }

    /// <summary>Registers migration instances (for migrations that take constructor arguments).</summary>
    public HorreumBuilder AddMigrations(params Migration[] migrations)
    {
        ArgumentNullException.ThrowIfNull(migrations);
        Services.Configure<HorreumHostingOptions>(o =>
        {
            foreach (var m in migrations)
            {
                o.Migrations.Add(m);
            }
        });
        return this;
    }

    /// <summary>
    /// Applies pending migrations while the host starts, under the runner lock, before the application serves
    /// (it runs in the hosted-service "starting" phase, ahead of every service's start).
    /// </summary>
    /// <param name="policy">What to do when another instance holds the lock.</param>
    public HorreumBuilder ApplyPendingMigrationsOnStartup(StartupMigrationPolicy policy = StartupMigrationPolicy.Fail)
    {
        Services.Configure<StartupMigrationSettings>(s => s.Policy = policy);
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, MigrationStartupService>());
        return this;
    }

    /// <summary>
    /// Refuses to start while migrations are pending (the host's start throws and names them). Combined with
    /// <see cref="ApplyPendingMigrationsOnStartup"/>, it checks after those were applied.
    /// </summary>
    public HorreumBuilder RequireNoPendingMigrationsOnStartup()
    {
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, PendingMigrationsGate>());
        return this;
    }
}
