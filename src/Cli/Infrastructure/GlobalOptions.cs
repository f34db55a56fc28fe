using System.CommandLine;
using Horreum.Orm.Connections;

namespace Horreum.Cli.Infrastructure;

/// <summary>Options every command accepts.</summary>
internal sealed class GlobalOptions
{
    public Option<string?> Redis { get; } = new("--redis") { Description = "Redis URL: redis://[user:password@]host:port[/db] (rediss:// for TLS). A StackExchange.Redis configuration string works too. Default: REDIS_URL, then REDIS_HOST/REDIS_PORT/REDIS_USERNAME/REDIS_PASSWORD/REDIS_DATABASE/REDIS_TLS.", Recursive = true };

    public Option<string?> TlsCa { get; } = new("--tls-ca") { Description = "PEM file of the CA that signed the server's certificate (default: the system trust store).", Recursive = true };

    public Option<string?> TlsCert { get; } = new("--tls-cert") { Description = "PEM client certificate for servers that demand one (tls-auth-clients).", Recursive = true };

    public Option<string?> TlsKey { get; } = new("--tls-key") { Description = "PEM private key of --tls-cert (default: in the same file).", Recursive = true };

    public Option<bool> TlsInsecure { get; } = new("--tls-insecure") { Description = "Accept any server certificate. Development only: prints a warning at every connect.", Recursive = true };

    public Option<string[]> Assembly { get; } = new("--assembly") { Description = "An assembly (.dll) with migrations; repeatable.", Recursive = true, AllowMultipleArgumentsPerToken = false };

    public Option<bool> Demo { get; } = new("--demo") { Description = "Use the demo's models and migrations (keys under 'demo:' unless --namespace is given).", Recursive = true };

    public Option<bool> Json { get; } = new("--json") { Description = "Print one JSON document on stdout (stable field names: docs/cli.md).", Recursive = true };

    public Option<bool> Verbose { get; } = new("--verbose") { Description = "More detail, and stack traces on errors.", Recursive = true };

    public Option<string?> RegistryPrefix { get; } = new("--registry-prefix") { Description = "Registry key prefix (default horreum:migrations; demo:migrations with --demo).", Recursive = true };

    public Option<string?> Namespace { get; } = new("--namespace") { Description = "Key namespace of the models (default none; 'demo' with --demo).", Recursive = true };

    /// <summary>Copies --tls-* into <paramref name="tls"/>.</summary>
    public void ApplyTls(ParseResult parse, RedisTlsOptions tls)
    {
        tls.CaFile = parse.GetValue(TlsCa) ?? tls.CaFile;
        tls.CertificateFile = parse.GetValue(TlsCert) ?? tls.CertificateFile;
        tls.KeyFile = parse.GetValue(TlsKey) ?? tls.KeyFile;
        tls.Insecure |= parse.GetValue(TlsInsecure);
    }

    public Option<double?> LockTtl { get; } = new("--lock-ttl") { Description = "Seconds the runner lock outlives a runner that stops renewing it (crash, network loss); renewed every third of it while running. Default 30.", Recursive = true };

    public void AddTo(Command root)
    {
        root.Options.Add(LockTtl);
        root.Options.Add(Redis);
        root.Options.Add(TlsCa);
        root.Options.Add(TlsCert);
        root.Options.Add(TlsKey);
        root.Options.Add(TlsInsecure);
        root.Options.Add(Assembly);
        root.Options.Add(Demo);
        root.Options.Add(Json);
        root.Options.Add(Verbose);
        root.Options.Add(RegistryPrefix);
        root.Options.Add(Namespace);
    }
}
