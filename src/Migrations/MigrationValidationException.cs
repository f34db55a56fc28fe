using Horreum.Migrations.Planning;

namespace Horreum.Migrations;

/// <summary>The registered migrations cannot be ordered: malformed or duplicate ids, missing dependencies.</summary>
public sealed class MigrationValidationException : HorreumMigrationException
{
    /// <summary>Creates the exception from the problems a validation found.</summary>
    /// <param name="problems">Every problem found; the message lists them all.</param>
    public MigrationValidationException(IReadOnlyList<MigrationProblem> problems)
        : base("The registered migrations are not valid; fix these and run `horreum validate` again:"
            + Environment.NewLine + MigrationProblem.Format(problems))
    {
        Problems = problems;
    }

    /// <summary>Every problem found.</summary>
    public IReadOnlyList<MigrationProblem> Problems { get; }
}
