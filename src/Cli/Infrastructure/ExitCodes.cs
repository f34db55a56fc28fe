namespace Horreum.Cli.Infrastructure;

/// <summary>Documented exit codes.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Failure = 1;

    /// <summary>A check found pending migrations, drift or invalid data.</summary>
    public const int CheckFailed = 2;
}
