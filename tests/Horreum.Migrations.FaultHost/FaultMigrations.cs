namespace Horreum.Migrations.FaultHost;

/// <summary>The migration of a fault-test round: the five Set-Status kinds set Status and Stamp to <c>r{round}</c>.</summary>
public static class FaultMigrations
{
    /// <summary>The kinds that set Status and Stamp, cycled by round.</summary>
    public static readonly FaultKind[] SetStatusKinds = [FaultKind.StoredBytes, FaultKind.TypedPipeline, FaultKind.RawPipeline, FaultKind.TypedModel, FaultKind.RawModel];

    public static FaultKind KindOf(int round) => SetStatusKinds[round % SetStatusKinds.Length];

    public static string Target(int round) => "r" + round;

    public static Migration For(int round) => For(round, KindOf(round));

    public static Migration For(int round, FaultKind kind) => kind switch
    {
        FaultKind.TypedModel => new SetStatusModel(round, raw: false),
        FaultKind.RawModel => new SetStatusModel(round, raw: true),
        FaultKind.SerializerUpgrade => new FaultUpgrade(round),
        FaultKind.RenameField => new FaultRename(round),
        FaultKind.StampTyped => new StampEveryRecord(round, storedBytes: false),
        FaultKind.StampBytes => new StampEveryRecord(round, storedBytes: true),
        _ => new SetStatus(round, kind),
    };
}
