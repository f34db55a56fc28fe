using System.CommandLine;
using System.Reflection;
using Horreum.Cli.Demo;
using Horreum.Migrations;
using Horreum.Migrations.Discovery;
using Horreum.Migrations.Engine;
using Horreum.Orm;
using Horreum.Orm.Connections;

namespace Horreum.Cli.Infrastructure;

/// <summary>A connected session: the mapper client, the migrations and a runner, built from the global options.</summary>
internal sealed class CliSession : IAsyncDisposable
{
    private CliSession(HorreumClient client, MigrationRunner runner, IReadOnlyList<Migration> migrations, RedisEndpoint endpoint)
    {
        Models = runner.Models;
        Client = client;
        Runner = runner;
        Migrations = migrations;
        Endpoint = endpoint;
    }

    public HorreumClient Client { get; }

    public MigrationRunner Runner { get; }

    public IReadOnlyList<Migration> Migrations { get; }

    public RedisEndpoint Endpoint { get; }

    /// <summary>The models: those the migrations name, those in --assembly, and the demo's with --demo.</summary>
    public IReadOnlyList<Type> Models { get; }

    public static async Task<CliSession> OpenAsync(ParseResult parse, GlobalOptions globals, CliIo io, string? redisOverride = null)
    {
        var endpoint = ResolveEndpoint(redisOverride ?? parse.GetValue(globals.Redis));
        var demo = parse.GetValue(globals.Demo);
        var assemblies = parse.GetValue(globals.Assembly) ?? [];
        var migrations = LoadMigrations(assemblies, demo);
        var options = DemoCatalog.Options(parse.GetValue(globals.Namespace) ?? (demo ? "demo" : null));
        globals.ApplyTls(parse, options.Tls);
        foreach (var path in assemblies)
        {
            // The user's assembly may embed its models' schemas (*.{model}.json); once per assembly.
            var assembly = Assembly.LoadFrom(Path.GetFullPath(path));
            if (!options.Schemas.ResourceAssemblies.Any(a => a.FullName == assembly.FullName))
            {
                options.Schemas.ResourceAssemblies.Add(assembly);
            }
        }
        var runnerOptions = new MigrationRunnerOptions();
        runnerOptions.Registry.Prefix = parse.GetValue(globals.RegistryPrefix) ?? (demo ? "demo:migrations" : "horreum:migrations");
        if (parse.GetValue(globals.LockTtl) is { } ttl)
        {
            runnerOptions.Lock.Ttl = ttl is >= 0.05 and <= 86_400
                ? TimeSpan.FromSeconds(ttl)
                : throw new CliException($"--lock-ttl {ttl.ToString(System.Globalization.CultureInfo.InvariantCulture)}: give the lock's lifetime in seconds, from 0.05 to 86400 (default 30).");
        }
        foreach (var model in LoadModels(parse.GetValue(globals.Assembly) ?? [], demo))
        {
            runnerOptions.Models.Add(model);
        }
        return await ConnectAsync(io, endpoint, options, migrations, runnerOptions).ConfigureAwait(false);
    }

    /// <summary>--redis (a URL or configuration string), else the environment; bad input is one clear line.</summary>
    public static RedisEndpoint ResolveEndpoint(string? redis)
    {
        try
        {
            return (string.IsNullOrWhiteSpace(redis) ? RedisEndpoint.FromEnvironment(Environment.GetEnvironmentVariables()) : RedisEndpoint.Parse(redis))
                ?? throw new CliException("No Redis given: pass --redis redis://host:port, or set REDIS_URL (or REDIS_HOST/REDIS_PORT).");
        }
        catch (ArgumentException ex)
        {
            throw new CliException(ex.Message, ex);
        }
    }

    public static async Task<CliSession> ConnectAsync(CliIo io, RedisEndpoint endpoint, HorreumOptions options, IReadOnlyList<Migration> migrations, MigrationRunnerOptions runnerOptions)
    {
        options.Logger ??= new StderrLogger(io.Error);
        HorreumClient client;
        try
        {
            client = await HorreumClient.ConnectAsync(endpoint, options).ConfigureAwait(false);
        }
        catch (ArgumentException ex)
        {
            // A --tls-* file that is missing or not PEM.
            throw new CliException(ex.Message, ex);
        }
        var runner = new MigrationRunner(client, migrations, runnerOptions);
        return new CliSession(client, runner, migrations, endpoint);
    }

    private static IEnumerable<Type> LoadModels(string[] assemblies, bool demo)
    {
        var found = Horreum.Migrations.Drift.ModelDiscovery.FromAssemblies(assemblies.Select(p => Assembly.LoadFrom(Path.GetFullPath(p))).ToArray());
        return demo ? found.Concat(DemoCatalog.Models()) : found;
    }

    private static List<Migration> LoadMigrations(string[] assemblies, bool demo)
    {
        var loaded = new List<Assembly>();
        foreach (var path in assemblies)
        {
            var full = Path.GetFullPath(path);
            if (!File.Exists(full))
            {
                throw new CliException($"--assembly {path}: no such file.");
            }
            loaded.Add(Assembly.LoadFrom(full));
        }
        var found = MigrationDiscovery.FromAssemblies(loaded.ToArray()).ToList();
        if (demo)
        {
            found.AddRange(DemoCatalog.Migrations());
        }
        return found;
    }

    public ValueTask DisposeAsync() => Client.DisposeAsync();
}
