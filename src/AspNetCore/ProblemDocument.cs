using Horreum.Migrations.Locking;

namespace Horreum.AspNetCore;

/// <summary>
/// An RFC 9457 problem-details body (<c>application/problem+json</c>), written with the report JSON settings so
/// its extensions (the lock holder) have the same snake_case shape as every other document.
/// </summary>
/// <param name="Type">A URI naming the kind of problem (<c>about:blank</c> when the status says it all).</param>
/// <param name="Title">A short summary of the kind of problem.</param>
/// <param name="Status">The HTTP status code.</param>
/// <param name="Detail">What went wrong in this request and what to do; never a stack trace.</param>
/// <param name="Holder">409 on a busy lock: who holds it.</param>
public sealed record ProblemDocument(string Type, string Title, int Status, string Detail, MigrationLockHolder? Holder = null);
