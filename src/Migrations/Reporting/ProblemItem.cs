using Horreum.Migrations.Planning;

namespace Horreum.Migrations.Reporting;

/// <summary>One problem of a <see cref="ValidationDocument"/>.</summary>
/// <param name="Kind">What is wrong.</param>
/// <param name="MigrationId">The migration it is about.</param>
/// <param name="Related">Other ids involved.</param>
/// <param name="Message">What is wrong and what to do.</param>
internal sealed record ProblemItem(MigrationProblemKind Kind, string MigrationId, IReadOnlyList<string> Related, string Message);
