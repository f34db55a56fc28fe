namespace Horreum.AspNetCore;

/// <summary>
/// Who may use the endpoints <c>MapHorreumMigrations</c> maps. Safe by default: with nothing set, every endpoint
/// that writes (run, rollback, unlock) and every reading endpoint answers 403; the page itself is always served,
/// it holds no data and no secret.
/// </summary>
public sealed class HorreumEndpointOptions
{
    /// <summary>
    /// The ASP.NET Core authorization policy (by name) that run, rollback and unlock require: 401 without a user,
    /// 403 when the policy refuses. Exclusive with <see cref="BearerToken"/>.
    /// </summary>
    public string? WritePolicy { get; set; }

    /// <summary>
    /// The policy the reading endpoints (status, history, drift, validate, lock, dry run, progress) require. Default:
    /// null, meaning the same rule as the writes (<see cref="WritePolicy"/> or <see cref="BearerToken"/>).
    /// </summary>
    public string? ReadPolicy { get; set; }

    /// <summary>Opens the reading endpoints to anyone (the writes stay protected). Default: false.</summary>
    public bool AllowAnonymousReads { get; set; }

    /// <summary>
    /// A shared secret for a standalone server (<c>horreum serve --token</c>): requests must send
    /// <c>Authorization: Bearer TOKEN</c>, compared in constant time; never echoed. Exclusive with the policies.
    /// </summary>
    public string? BearerToken { get; set; }

    /// <summary>Serve the dashboard page at the prefix (default true); the API lives under <c>{prefix}/api</c> either way.</summary>
    public bool ServePage { get; set; } = true;

    /// <summary>
    /// Where Ruby Familia records its migrations (default <c>familia:migrations</c>): the status endpoint lists them
    /// read-only beside ours, as <c>horreum status --familia-prefix</c> does.
    /// </summary>
    public string FamiliaMigrationsPrefix { get; set; } = Horreum.Migrations.Registry.FamiliaMigrationLedger.DefaultPrefix;

    /// <summary>How many history entries the history endpoints return at most (default 200).</summary>
    public int HistoryLimit { get; set; } = 200;

    /// <summary>Throws when the settings contradict each other.</summary>
    public void Validate()
    {
        if (BearerToken is not null && (WritePolicy is not null || ReadPolicy is not null))
        {
            throw new ArgumentException("HorreumEndpointOptions: set either BearerToken (standalone server) or the authorization policies, not both.");
        }
        if (BearerToken is { Length: < 8 })
        {
            throw new ArgumentException("HorreumEndpointOptions.BearerToken must have at least 8 characters.");
        }
        if (string.IsNullOrWhiteSpace(FamiliaMigrationsPrefix))
        {
            throw new ArgumentException("HorreumEndpointOptions.FamiliaMigrationsPrefix must not be empty (default familia:migrations).");
        }
        if (HistoryLimit is < 1 or > 10_000)
        {
            throw new ArgumentException($"HorreumEndpointOptions.HistoryLimit must be 1..10000, not {HistoryLimit}.");
        }
    }
}
