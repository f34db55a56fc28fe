using Horreum.Migrations.Planning;

namespace Horreum.Migrations.Reporting;

/// <summary><c>horreum validate --json</c> and <c>GET …/api/validate</c>.</summary>
/// <param name="Valid">No problem found.</param>
/// <param name="Problems">The problems.</param>
internal sealed record ValidationDocument(bool Valid, IReadOnlyList<ProblemItem> Problems)
{
    /// <summary>Builds the document from the runner's problems.</summary>
    public static ValidationDocument From(IReadOnlyList<MigrationProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        return new ValidationDocument(problems.Count == 0, [.. problems.Select(p => new ProblemItem(p.Kind, p.MigrationId, p.Related, p.Message))]);
    }
}
