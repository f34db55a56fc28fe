using System.CommandLine;

namespace Horreum.Cli.Infrastructure;

/// <summary>Options every command accepts.</summary>
internal sealed class GlobalOptions
{
    public Option<string?> Redis { get; } = new("--redis") { Description = "Redis URL: redis://[user:password@]host:port[/db] (rediss:// for TLS). Default: REDIS_URL, then REDIS_HOST/REDIS_PORT/REDIS_PASSWORD/REDIS_DATABASE/REDIS_TLS.", Recursive = true };

    public Option<string[]> Assembly { get; } = new("--assembly") { Description = "An assembly (.dll) with migrations; repeatable.", Recursive = true, AllowMultipleArgumentsPerToken = false };

    public Option<bool> Demo { get; } = new("--demo") { Description = "Use the demo's models and migrations (keys under 'demo:' unless --namespace is given).", Recursive = true };

    public Option<bool> Json { get; } = new("--json") { Description = "Print one JSON document on stdout (stable field names: docs/cli.md).", Recursive = true };

    public Option<bool> Verbose { get; } = new("--verbose") { Description = "More detail, and stack traces on errors.", Recursive = true };

    public Option<string?> RegistryPrefix { get; } = new("--registry-prefix") { Description = "Registry key prefix (default horreum:migrations; demo:migrations with --demo).", Recursive = true };

    public Option<string?> Namespace { get; } = new("--namespace") { Description = "Key namespace of the models (default none; 'demo' with --demo).", Recursive = true };

    public Option<double?> LockTtl { get; } = new("--lock-ttl") { Description = "Seconds the runner lock outlives a runner that stops renewing it (crash, network loss); renewed every third of it while running. Default 30.", Recursive = true };

    public void AddTo(Command root)
    {
        root.Options.Add(LockTtl);
        root.Options.Add(Redis);
        root.Options.Add(Assembly);
        root.Options.Add(Demo);
        root.Options.Add(Json);
        root.Options.Add(Verbose);
        root.Options.Add(RegistryPrefix);
        root.Options.Add(Namespace);
    }
}
