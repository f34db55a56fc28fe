namespace Horreum.AspNetCore;

/// <summary>The body of <c>POST …/api/migrations/{id}/rollback</c>: a preview unless <c>{"run": true}</c>.</summary>
/// <param name="Run">Roll back for real.</param>
internal sealed record RollbackRequest(bool Run = false);
