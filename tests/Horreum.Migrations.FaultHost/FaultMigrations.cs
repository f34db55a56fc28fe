namespace Horreum.Migrations.FaultHost;

/// <summary>The migration of a fault-test round: every kind sets Status and Stamp to <c>r{round}</c>.</summary>
public static class FaultMigrations
{
    public static FaultKind KindOf(int round) => (FaultKind)(round % 5);

    public static string Target(int round) => "r" + round;

    public static Migration For(int round) => KindOf(round) switch
    {
        FaultKind.TypedModel => new SetStatusModel(round, raw: false),
        FaultKind.RawModel => new SetStatusModel(round, raw: true),
        var kind => new SetStatus(round, kind),
    };
}
