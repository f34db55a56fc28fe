using Horreum.Migrations;
using Horreum.Migrations.Builtin;
using Horreum.Migrations.Engine;
using StackExchange.Redis;

namespace Horreum.Cli.Demo;

/// <summary>Customers: v1 → v2 with the built-in serializer upgrade.</summary>
public sealed class CustomersV1ToV2 : SerializerUpgradeMigration<Customer>
{
    /// <inheritdoc />
    public override string Id => "20250101_000000_customers_v1_to_v2";
}

/// <summary>Sessions: the old app stored the address as <c>ip</c>; rename it with the Lua catalog's <c>rename_field</c>.</summary>
public sealed class SessionsRenameIp : BaseMigration
{
    /// <inheritdoc />
    public override string Id => "20250101_000100_sessions_rename_ip";

    /// <inheritdoc />
    public override string Description => "Rename session field ip → ip_address (Lua rename_field, per key)";

    /// <inheritdoc />
    public override bool IsReversible => true;

    /// <inheritdoc />
    protected override Task MigrateAsync(MigrationContext context, CancellationToken cancellationToken) =>
        RenameAllAsync(context, "ip", "ip_address", cancellationToken);

    /// <inheritdoc />
    public override Task DownAsync(MigrationContext context, CancellationToken cancellationToken) =>
        RenameAllAsync(context, "ip_address", "ip", cancellationToken);

    private static async Task RenameAllAsync(MigrationContext context, string from, string to, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var sessions = context.Client.Repository<Session>();
        var batch = new List<string>(500);
        await foreach (var id in sessions.ScanIdsAsync(cancellationToken).ConfigureAwait(false))
        {
            context.CountScanned();
            batch.Add(sessions.Keys.ObjectKey(id));
            if (batch.Count == 500)
            {
                await RenameBatchAsync(context, batch, from, to, cancellationToken).ConfigureAwait(false);
                batch.Clear();
            }
        }
        await RenameBatchAsync(context, batch, from, to, cancellationToken).ConfigureAwait(false);
    }

    private static async Task RenameBatchAsync(MigrationContext context, List<string> keys, string from, string to, CancellationToken cancellationToken)
    {
        if (keys.Count == 0)
        {
            return;
        }
        // Decide with reads (dry runs too), then write through the guard.
        var db = context.Database;
        var checks = keys.Select(k => db.HashExistsAsync(k, from)).ToArray();
        await Task.WhenAll(checks).ConfigureAwait(false);
        var todo = keys.Where((_, i) => checks[i].Result).ToArray();
        foreach (var _ in todo)
        {
            context.CountChange(1);
        }
        if (todo.Length == 0)
        {
            return;
        }
        await context.WriteAsync($"rename_field {from}→{to} on {todo.Length} keys, e.g. {todo[0]}", async database =>
        {
            var renames = todo.Select(k => context.Lua.RenameFieldAsync(database, k, from, to, cancellationToken)).ToArray();
            await Task.WhenAll(renames).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>Sessions: v1 → v2, after the rename.</summary>
public sealed class SessionsV1ToV2 : SerializerUpgradeMigration<Session>
{
    /// <inheritdoc />
    public override string Id => "20250101_000200_sessions_v1_to_v2";

    /// <inheritdoc />
    public override IReadOnlyList<string> DependsOn => ["20250101_000100_sessions_rename_ip"];
}

/// <summary>Customers with a balance of 1000 or more move to the Pro plan (Pipeline; reversible through field backups).</summary>
public sealed class CustomersProFromBalance : PipelineMigration<Customer>
{
    /// <inheritdoc />
    public override string Id => "20250102_000000_customers_pro_from_balance";

    /// <inheritdoc />
    public override string Description => "Plan = Pro for customers with balance ≥ 1000";

    /// <inheritdoc />
    public override IReadOnlyList<string> DependsOn => ["20250101_000000_customers_v1_to_v2"];

    /// <inheritdoc />
    protected override bool ShouldProcess(Customer record) => record?.Balance >= 1000m && record.Plan != Plan.Pro;

    /// <inheritdoc />
    protected override FieldChanges BuildUpdate(Customer record) => new FieldChanges().Set(nameof(Customer.Plan), Plan.Pro);
}
