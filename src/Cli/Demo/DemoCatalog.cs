using Horreum.Migrations;
using Horreum.Orm;

namespace Horreum.Cli.Demo;

/// <summary>The demo's models and migrations, also available to every command with <c>--demo</c>.</summary>
internal static class DemoCatalog
{
    public static IReadOnlyList<Migration> Migrations() =>
        [new CustomersV1ToV2(), new SessionsRenameIp(), new SessionsV1ToV2(), new CustomersProFromBalance()];

    /// <summary>The demo's models.</summary>
    public static IReadOnlyList<Type> Models() => [typeof(Customer), typeof(Session)];

    /// <summary>Mapper options with the demo's embedded schemas.</summary>
    public static HorreumOptions Options(string? keyNamespace)
    {
        var options = new HorreumOptions { KeyNamespace = keyNamespace };
        options.Schemas.ResourceAssemblies.Add(typeof(DemoCatalog).Assembly);
        return options;
    }
}
