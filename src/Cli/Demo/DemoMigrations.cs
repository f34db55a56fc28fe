using Horreum.Migrations;
using Horreum.Migrations.Builtin;

namespace Horreum.Cli.Demo;

/// <summary>Customers: v1 → v2 with the built-in serializer upgrade.</summary>
public sealed class CustomersV1ToV2 : SerializerUpgradeMigration<Customer>
{
    /// <inheritdoc />
    public override string Id => "20250101_000000_customers_v1_to_v2";

    /// <summary>The demo's data is Familia 1.x v1: a nickname stored as the text null is the word.</summary>
    protected override V1NullText NullText => V1NullText.Text;
}

/// <summary>Sessions: the old app stored the address as <c>ip</c>; rename it (the built-in RenameFieldMigration, on the record pass).</summary>
public sealed class SessionsRenameIp : RenameFieldMigration<Session>
{
    /// <inheritdoc />
    public override string Id => "20250101_000100_sessions_rename_ip";

    /// <inheritdoc />
    protected override string OldField => "ip";

    /// <inheritdoc />
    protected override string NewField => "ip_address";
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
