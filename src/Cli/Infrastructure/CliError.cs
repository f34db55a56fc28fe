using System.Reflection;
using Horreum.Migrations;
using Horreum.Orm;
using StackExchange.Redis;

namespace Horreum.Cli.Infrastructure;

/// <summary>
/// An error as a script sees it: a stable code (the <c>error.code</c> of the JSON error document), the exit code and
/// the one line printed. Every exception a command can meet maps to one; the table is in docs/cli.md.
/// </summary>
internal sealed record CliError(string Code, int ExitCode, string Message)
{
    public static CliError Cancelled { get; } = new("cancelled", ExitCodes.Failure, "cancelled.");

    public static CliError From(Exception exception)
    {
        var ex = Unwrap(exception);
        return ex switch
        {
            OperationCanceledException => Cancelled,
            CliException { InnerException: RedisConnectionException } => new("connection_failed", ExitCodes.Failure, ex.Message),
            Horreum.Orm.Connections.HorreumConnectionException => new("connection_failed", ExitCodes.Failure, ex.Message),
            CliException or ArgumentException => new("invalid_input", ExitCodes.Failure, ex.Message),
            MigrationLockNotAcquiredException => new("lock_held", ExitCodes.LockHeld, ex.Message),
            MigrationLockLostException => new("lock_lost", ExitCodes.Failure, ex.Message),
            MigrationNotFoundException => new("not_found", ExitCodes.Failure, ex.Message),
            MigrationNotAppliedException => new("not_applied", ExitCodes.Failure, ex.Message),
            MigrationHasDependentsException => new("has_dependents", ExitCodes.Failure, ex.Message),
            MigrationNotReversibleException => new("not_reversible", ExitCodes.Failure, ex.Message),
            MigrationDependencyNotMetException => new("dependency_not_met", ExitCodes.Failure, ex.Message),
            CircularDependencyException or MigrationValidationException => new("invalid_migrations", ExitCodes.Failure, ex.Message),
            MigrationPreconditionFailedException => new("precondition_failed", ExitCodes.Failure, ex.Message),
            HorreumMigrationException => new("migration_error", ExitCodes.Failure, ex.Message),
            HorreumException => new("data_error", ExitCodes.Failure, ex.Message),
            RedisConnectionException => new("connection_failed", ExitCodes.Failure, ex.Message),
            RedisException or TimeoutException or IOException => new("redis_error", ExitCodes.Failure, ex.Message),
            // Not raised on purpose by any layer (a bug, or user code such as a throwing DownAsync): still one line.
            _ => new("failure", ExitCodes.Failure, $"{ex.GetType().Name}: {ex.Message}"),
        };
    }

    private static Exception Unwrap(Exception exception) => exception switch
    {
        TargetInvocationException { InnerException: { } inner } => Unwrap(inner),
        AggregateException { InnerExceptions: [var single] } => Unwrap(single),
        _ => exception,
    };
}
