using FsCheck;
using FsCheck.Fluent;

namespace Horreum.JsonSchema.Tests.Differential;

/// <summary>The arbitrary FsCheck uses for <see cref="DiffCase"/> parameters: generator plus shrinker.</summary>
public static class DiffArbitraries
{
    public static Arbitrary<DiffCase> Cases() => Arb.From(DiffGenerators.Cases(), DiffGenerators.Shrink);
}
