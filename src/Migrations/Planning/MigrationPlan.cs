namespace Horreum.Migrations.Planning;

/// <summary>
/// The result of ordering a set of migrations: either an order, or the problems that prevent one.
/// Problems are values, not exceptions, so <c>validate</c> can list them all at once.
/// </summary>
/// <typeparam name="T">What was ordered (descriptors, or the caller's migration objects).</typeparam>
/// <param name="Ordered">Dependencies first, ties broken by ordinal id; empty when there are problems.</param>
/// <param name="Problems">Everything wrong with the set; empty when it can be ordered.</param>
internal sealed record MigrationPlan<T>(IReadOnlyList<T> Ordered, IReadOnlyList<MigrationProblem> Problems)
{
    /// <summary>True when there are no problems.</summary>
    public bool IsValid => Problems.Count == 0;

    /// <summary>
    /// Throws when the set has problems: <see cref="CircularDependencyException"/> when there is a cycle,
    /// else <see cref="MigrationValidationException"/>. Both messages list every problem.
    /// </summary>
    /// <returns>The order, for chaining.</returns>
    public IReadOnlyList<T> ThrowIfInvalid()
    {
        if (IsValid)
        {
            return Ordered;
        }
        var cycle = Problems.FirstOrDefault(p => p.Kind == MigrationProblemKind.Cycle);
        if (cycle is not null)
        {
            var path = cycle.Related.Count > 0 ? cycle.Related : [cycle.MigrationId];
            throw new CircularDependencyException(path, MigrationProblem.Format(Problems));
        }
        throw new MigrationValidationException(Problems);
    }
}
