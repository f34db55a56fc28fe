namespace Horreum.Cli.Infrastructure;

/// <summary>Documented exit codes (docs/cli.md).</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>A failure: a migration failed, a bad argument, an unknown id, Redis unreachable.</summary>
    public const int Failure = 1;

    /// <summary>A check found pending migrations, drift or invalid data.</summary>
    public const int CheckFailed = 2;

    /// <summary>Another runner holds the migration lock: nothing was done; try again later.</summary>
    public const int LockHeld = 3;
}
