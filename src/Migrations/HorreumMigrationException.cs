namespace Horreum.Migrations;

/// <summary>
/// The root of every error the migration library raises on purpose, so callers can catch one type.
/// The sealed subclasses name the distinct failures (not found, not applied, lock held, ...).
/// </summary>
public class HorreumMigrationException : Exception
{
    /// <summary>Creates the exception with a generic message.</summary>
    public HorreumMigrationException()
        : base("A Horreum migration operation failed.")
    {
    }

    /// <summary>Creates the exception with a message that says what went wrong and what to do.</summary>
    /// <param name="message">The message.</param>
    public HorreumMigrationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public HorreumMigrationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The migration the error is about, when there is one.</summary>
    public string? MigrationId { get; protected init; }
}
