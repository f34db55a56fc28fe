using FsCheck;
using FsCheck.Fluent;
using Horreum.Migrations.Planning;

namespace Horreum.Migrations.Tests.Planning;

public sealed class MigrationOrdererPropertyTests
{
    /// <summary>A random graph plus two registration orders of it; printed by FsCheck when a property fails.</summary>
    internal sealed record Graph(MigrationDescriptor[] Nodes, MigrationDescriptor[] Shuffled1, MigrationDescriptor[] Shuffled2)
    {
        public override string ToString() =>
            string.Join("; ", Nodes.Select(n => $"{n.Id}<-[{string.Join(",", n.DependsOn)}]"));
    }

    // A DAG: pick a hidden topological rank per node and only let a node depend on lower ranks. Ids get
    // random timestamps so that id order and dependency order disagree often (the interesting case).
    private static Gen<(string[] Ids, int[] Rank, (int From, int To)[] Edges)> Shape(int maxNodes) =>
        from n in Gen.Choose(1, maxNodes)
        from stamps in Gen.ArrayOf(Gen.Choose(0, 5), n)
        from rank in Gen.Shuffle(Enumerable.Range(0, n))
        from pairs in Gen.ListOf(Gen.Two(Gen.Choose(0, n - 1)), n * 2)
        select (
            Enumerable.Range(0, n).Select(i => $"2025010{stamps[i] % 9 + 1}_00000{stamps[i]}_m{i}").ToArray(),
            rank,
            pairs.Select(p => (p.Item1, p.Item2)).ToArray());

    private static Gen<Graph> WithShuffles(MigrationDescriptor[] nodes) =>
        from s1 in Gen.Shuffle(nodes)
        from s2 in Gen.Shuffle(nodes)
        select new Graph(nodes, s1, s2);

    private static Gen<Graph> Dags() =>
        Shape(30).SelectMany(s => WithShuffles(Build(s.Ids, s.Edges.Where(e => s.Rank[e.From] > s.Rank[e.To]))));

    // Same shapes, plus one edge that goes against the hidden rank (or a self-edge): that always closes a cycle
    // because the rank-respecting path it needs is added too.
    private static Gen<Graph> Cyclic() =>
        from s in Shape(20)
        from a in Gen.Choose(0, s.Ids.Length - 1)
        from b in Gen.Choose(0, s.Ids.Length - 1)
        from g in WithShuffles(Build(s.Ids, s.Edges.Where(e => s.Rank[e.From] > s.Rank[e.To])
            .Concat(ClosingEdges(s.Rank, a, b))))
        select g;

    private static IEnumerable<(int From, int To)> ClosingEdges(int[] rank, int a, int b)
    {
        if (a == b)
        {
            return [(a, a)];
        }
        var (low, high) = rank[a] < rank[b] ? (a, b) : (b, a);
        // high depends on low (respects rank) and low depends on high (closes the cycle).
        return [(high, low), (low, high)];
    }

    private static MigrationDescriptor[] Build(string[] ids, IEnumerable<(int From, int To)> edges)
    {
        var deps = ids.Select(_ => new List<string>()).ToArray();
        foreach (var (from, to) in edges)
        {
            deps[from].Add(ids[to]);
        }
        return ids.Select((id, i) => new MigrationDescriptor(id, "", deps[i])).ToArray();
    }

    private static readonly Config Config = FsCheck.Config.QuickThrowOnFailure.WithMaxTest(300);

    [Fact]
    public void Order_random_dag_every_dependency_comes_first()
    {
        Check.One(Config, Prop.ForAll(Arb.From(Dags()), g =>
        {
            var plan = MigrationOrderer.Order(g.Nodes);
            if (!plan.IsValid || plan.Ordered.Count != g.Nodes.Length)
            {
                return false;
            }
            var position = plan.Ordered.Select((d, i) => (d.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
            return g.Nodes.All(n => n.DependsOn.All(dep => position[dep] < position[n.Id]));
        }));
    }

    [Fact]
    public void Order_random_dag_same_order_for_any_registration_order()
    {
        Check.One(Config, Prop.ForAll(Arb.From(Dags()), g =>
        {
            var expected = MigrationOrderer.Order(g.Nodes).Ordered.Select(d => d.Id).ToList();
            return expected.SequenceEqual(MigrationOrderer.Order(g.Shuffled1).Ordered.Select(d => d.Id))
                && expected.SequenceEqual(MigrationOrderer.Order(g.Shuffled2).Ordered.Select(d => d.Id));
        }));
    }

    [Fact]
    public void Order_random_dag_each_step_takes_smallest_ready_id()
    {
        // The tie-break rule stated directly: at every position, no smaller id was already ready.
        Check.One(Config, Prop.ForAll(Arb.From(Dags()), g =>
        {
            var ordered = MigrationOrderer.Order(g.Shuffled1).Ordered;
            var done = new HashSet<string>(StringComparer.Ordinal);
            foreach (var next in ordered)
            {
                var smallestReady = g.Nodes.Where(n => !done.Contains(n.Id) && n.DependsOn.All(done.Contains))
                    .Select(n => n.Id).Min(StringComparer.Ordinal);
                if (smallestReady != next.Id)
                {
                    return false;
                }
                done.Add(next.Id);
            }
            return true;
        }));
    }

    [Fact]
    public void Order_random_graph_with_cycle_always_rejected_with_real_cycle_members()
    {
        Check.One(Config, Prop.ForAll(Arb.From(Cyclic()), g =>
        {
            var plan = MigrationOrderer.Order(g.Shuffled1);
            var cycles = plan.Problems.Where(p => p.Kind == MigrationProblemKind.Cycle).ToList();
            if (plan.IsValid || plan.Ordered.Count != 0 || cycles.Count == 0)
            {
                return false;
            }
            var deps = g.Nodes.ToDictionary(n => n.Id, n => n.DependsOn, StringComparer.Ordinal);
            // Every reported member reaches itself through other members: it really is on a cycle.
            return cycles.All(c => c.Related.All(member => ReachesItself(member, deps, c.Related)));
        }));
    }

    [Fact]
    public void Order_random_graph_with_cycle_throws_circular_dependency()
    {
        Check.One(Config, Prop.ForAll(Arb.From(Cyclic()), g =>
        {
            try
            {
                MigrationOrderer.Order(g.Nodes).ThrowIfInvalid();
                return false;
            }
            catch (CircularDependencyException ex)
            {
                return ex.Cycle.Count > 0;
            }
        }));
    }

    private static bool ReachesItself(string start, Dictionary<string, IReadOnlyList<string>> deps, IReadOnlyList<string> members)
    {
        var allowed = new HashSet<string>(members, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>(deps[start].Where(allowed.Contains));
        while (stack.Count > 0)
        {
            var at = stack.Pop();
            if (at == start)
            {
                return true;
            }
            if (seen.Add(at))
            {
                foreach (var next in deps[at].Where(allowed.Contains))
                {
                    stack.Push(next);
                }
            }
        }
        return false;
    }
}
