using Horreum.Migrations.Planning;

namespace Horreum.Migrations.Tests.Planning;

public sealed class MigrationOrdererTests
{
    private static MigrationDescriptor M(string name, params string[] deps) => new(Id(name), name, deps.Select(Id));

    private static string Id(string name) => name.StartsWith('2') ? name : "20250101_000000_" + name;

    private static string[] Ids(MigrationPlan<MigrationDescriptor> plan) => plan.Ordered.Select(d => d.Id[16..]).ToArray();

    [Fact]
    public void Order_no_dependencies_sorted_by_ordinal_id()
    {
        var plan = MigrationOrderer.Order([M("c"), M("a"), M("b")]);
        Assert.True(plan.IsValid);
        Assert.Equal(["a", "b", "c"], Ids(plan));
    }

    [Fact]
    public void Order_dependency_on_later_id_puts_dependency_first()
    {
        var plan = MigrationOrderer.Order([M("a", "z"), M("z"), M("m")]);
        Assert.Equal(["m", "z", "a"], Ids(plan));
    }

    [Fact]
    public void Order_ties_broken_by_smallest_ready_id()
    {
        // b and c are both ready after a; the smaller one goes first even though c was registered first.
        var plan = MigrationOrderer.Order([M("d", "c"), M("c", "a"), M("b", "a"), M("a")]);
        Assert.Equal(["a", "b", "c", "d"], Ids(plan));
    }

    [Fact]
    public void Order_ordinal_not_culture_comparison()
    {
        var plan = MigrationOrderer.Order([new MigrationDescriptor("20250101_000000_b"), new MigrationDescriptor("20250101_000000_a_b"), new MigrationDescriptor("20250101_000000_a")]);
        Assert.Equal(["20250101_000000_a", "20250101_000000_a_b", "20250101_000000_b"], plan.Ordered.Select(d => d.Id));
    }

    [Fact]
    public void Order_repeated_dependency_counted_once()
    {
        var plan = MigrationOrderer.Order([M("b", "a", "a"), M("a")]);
        Assert.Equal(["a", "b"], Ids(plan));
    }

    [Fact]
    public void Order_generic_items_keeps_caller_objects()
    {
        var items = new[] { (Name: "second", Desc: M("b", "a")), (Name: "first", Desc: M("a")) };
        var plan = MigrationOrderer.Order(items, i => i.Desc);
        Assert.Equal(["first", "second"], plan.Ordered.Select(i => i.Name));
    }

    [Fact]
    public void Order_empty_valid_and_empty()
    {
        var plan = MigrationOrderer.Order([]);
        Assert.True(plan.IsValid);
        Assert.Empty(plan.Ordered);
    }

    [Fact]
    public void Order_duplicate_id_reported_with_count()
    {
        var plan = MigrationOrderer.Order([M("a"), M("b"), M("a"), M("a")]);
        Assert.False(plan.IsValid);
        Assert.Empty(plan.Ordered);
        var p = Assert.Single(plan.Problems);
        Assert.Equal(MigrationProblemKind.DuplicateId, p.Kind);
        Assert.Equal(Id("a"), p.MigrationId);
        Assert.Contains("3 times", p.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Order_missing_dependency_reported_with_the_missing_id()
    {
        var plan = MigrationOrderer.Order([M("b", "a", "x"), M("a")]);
        var p = Assert.Single(plan.Problems);
        Assert.Equal(MigrationProblemKind.MissingDependency, p.Kind);
        Assert.Equal(Id("b"), p.MigrationId);
        Assert.Equal([Id("x")], p.Related);
    }

    [Fact]
    public void Order_malformed_id_reported()
    {
        var plan = MigrationOrderer.Order([new MigrationDescriptor("RenameEmail"), M("a")]);
        var p = Assert.Single(plan.Problems);
        Assert.Equal(MigrationProblemKind.MalformedId, p.Kind);
        Assert.Equal("RenameEmail", p.MigrationId);
        Assert.Contains(MigrationIds.Format, p.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Order_self_reference_is_a_cycle_of_one()
    {
        var plan = MigrationOrderer.Order([M("a", "a"), M("b")]);
        var p = Assert.Single(plan.Problems);
        Assert.Equal(MigrationProblemKind.Cycle, p.Kind);
        Assert.Equal([Id("a")], p.Related);
    }

    [Fact]
    public void Order_cycle_reports_members_not_downstream()
    {
        // a -> b -> c -> a is the cycle; d depends on it but is not part of it; e is fine.
        var plan = MigrationOrderer.Order([M("a", "b"), M("b", "c"), M("c", "a"), M("d", "a"), M("e")]);
        var p = Assert.Single(plan.Problems);
        Assert.Equal(MigrationProblemKind.Cycle, p.Kind);
        Assert.Equal([Id("a"), Id("b"), Id("c")], p.Related);
        Assert.Contains($"{Id("a")} -> {Id("b")} -> {Id("c")} -> {Id("a")}", p.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Order_two_separate_cycles_both_reported()
    {
        var plan = MigrationOrderer.Order([M("a", "b"), M("b", "a"), M("c", "d"), M("d", "c")]);
        Assert.Equal(2, plan.Problems.Count);
        Assert.All(plan.Problems, p => Assert.Equal(MigrationProblemKind.Cycle, p.Kind));
    }

    [Fact]
    public void Order_every_kind_at_once_lists_all()
    {
        var plan = MigrationOrderer.Order([M("a", "a"), M("b", "nope"), M("b"), new MigrationDescriptor("bad")]);
        Assert.Equal(
            [MigrationProblemKind.MalformedId, MigrationProblemKind.DuplicateId, MigrationProblemKind.MissingDependency, MigrationProblemKind.Cycle],
            plan.Problems.Select(p => p.Kind));
    }

    [Fact]
    public void ThrowIfInvalid_cycle_throws_circular_dependency_with_members()
    {
        var plan = MigrationOrderer.Order([M("a", "b"), M("b", "a")]);
        var ex = Assert.Throws<CircularDependencyException>(() => plan.ThrowIfInvalid());
        Assert.Equal([Id("a"), Id("b")], ex.Cycle);
        Assert.IsAssignableFrom<HorreumMigrationException>(ex);
    }

    [Fact]
    public void ThrowIfInvalid_missing_dependency_throws_validation_with_problems()
    {
        var plan = MigrationOrderer.Order([M("a", "x")]);
        var ex = Assert.Throws<MigrationValidationException>(() => plan.ThrowIfInvalid());
        Assert.Single(ex.Problems);
        Assert.Contains(Id("x"), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ThrowIfInvalid_valid_returns_order()
    {
        var plan = MigrationOrderer.Order([M("b", "a"), M("a")]);
        Assert.Equal(2, plan.ThrowIfInvalid().Count);
    }
}
