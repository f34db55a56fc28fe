namespace Horreum.Migrations.Planning;

/// <summary>One problem found while validating a set of migrations.</summary>
/// <param name="Kind">What is wrong.</param>
/// <param name="MigrationId">The migration it is about (for a cycle: the smallest id on it).</param>
/// <param name="Related">
/// The other ids involved: the missing dependency, or every member of the cycle (ordinal order).
/// Empty for malformed and duplicate ids.
/// </param>
/// <param name="Message">A sentence that says what is wrong and what to do.</param>
public sealed record MigrationProblem(MigrationProblemKind Kind, string MigrationId, IReadOnlyList<string> Related, string Message)
{
    /// <summary>One line per problem, as exception messages and the CLI show them.</summary>
    /// <param name="problems">The problems.</param>
    public static string Format(IEnumerable<MigrationProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        return string.Join(Environment.NewLine, problems.Select(p => $"  - {p.Kind}: {p.Message}"));
    }
}
