namespace Horreum.Migrations.Planning;

/// <summary>
/// Orders migrations so every dependency comes first (Kahn's algorithm), breaking ties by ordinal id,
/// so the order depends only on ids and dependencies, never on the order migrations were registered or discovered.
/// </summary>
internal static class MigrationOrderer
{
    /// <summary>Orders descriptors, or reports why they cannot be ordered.</summary>
    /// <param name="migrations">The migrations, in any order.</param>
    public static MigrationPlan<MigrationDescriptor> Order(IEnumerable<MigrationDescriptor> migrations) =>
        Order(migrations, static d => d);

    /// <summary>Orders any migration objects through their descriptors, or reports why they cannot be ordered.</summary>
    /// <typeparam name="T">The caller's migration type.</typeparam>
    /// <param name="migrations">The migrations, in any order.</param>
    /// <param name="describe">Gets the descriptor of a migration.</param>
    public static MigrationPlan<T> Order<T>(IEnumerable<T> migrations, Func<T, MigrationDescriptor> describe)
    {
        ArgumentNullException.ThrowIfNull(migrations);
        ArgumentNullException.ThrowIfNull(describe);
        var items = migrations.Select(m => (Item: m, Descriptor: describe(m))).ToList();
        var problems = new List<MigrationProblem>();

        foreach (var d in items.Select(i => i.Descriptor).Where(d => !MigrationIds.IsValid(d.Id))
            .DistinctBy(d => d.Id, StringComparer.Ordinal).OrderBy(d => d.Id, StringComparer.Ordinal))
        {
            problems.Add(new MigrationProblem(MigrationProblemKind.MalformedId, d.Id, [],
                $"'{d.Id}' is not a valid migration id; use {MigrationIds.Format}, e.g. 20250131_142500_rename_email."));
        }

        var byId = new Dictionary<string, (T Item, MigrationDescriptor Descriptor)>(StringComparer.Ordinal);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in items)
        {
            byId.TryAdd(entry.Descriptor.Id, entry);
            counts[entry.Descriptor.Id] = counts.GetValueOrDefault(entry.Descriptor.Id) + 1;
        }
        foreach (var (id, count) in counts.Where(c => c.Value > 1).OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            problems.Add(new MigrationProblem(MigrationProblemKind.DuplicateId, id, [],
                $"'{id}' is registered {count} times; every migration needs its own id."));
        }

        var ids = byId.Keys.OrderBy(k => k, StringComparer.Ordinal).ToList();
        foreach (var id in ids)
        {
            foreach (var dep in byId[id].Descriptor.DependsOn.Where(d => !byId.ContainsKey(d)).OrderBy(d => d, StringComparer.Ordinal))
            {
                problems.Add(new MigrationProblem(MigrationProblemKind.MissingDependency, id, [dep],
                    $"'{id}' depends on '{dep}', which is not registered; fix the id or load the assembly that holds it."));
            }
        }

        var order = Kahn(ids, id => byId[id].Descriptor.DependsOn.Where(byId.ContainsKey));
        if (order.Count < ids.Count)
        {
            var placed = new HashSet<string>(order, StringComparer.Ordinal);
            var left = ids.Where(i => !placed.Contains(i)).ToList();
            problems.AddRange(FindCycles(left, id => byId[id].Descriptor.DependsOn.Where(byId.ContainsKey)));
        }

        return problems.Count > 0
            ? new MigrationPlan<T>([], problems)
            : new MigrationPlan<T>(order.Select(id => byId[id].Item).ToList(), []);
    }

    private static List<string> Kahn(List<string> ids, Func<string, IEnumerable<string>> dependencies)
    {
        var waitingOn = new Dictionary<string, int>(StringComparer.Ordinal);
        var dependents = ids.ToDictionary(i => i, _ => new List<string>(), StringComparer.Ordinal);
        foreach (var id in ids)
        {
            var deps = dependencies(id).ToList();
            waitingOn[id] = deps.Count;
            foreach (var dep in deps)
            {
                dependents[dep].Add(id);
            }
        }

        // A sorted set as the ready queue: always take the smallest ready id, which is what makes the order unique.
        var ready = new SortedSet<string>(ids.Where(i => waitingOn[i] == 0), StringComparer.Ordinal);
        var order = new List<string>(ids.Count);
        while (ready.Count > 0)
        {
            var next = ready.Min!;
            ready.Remove(next);
            order.Add(next);
            foreach (var dependent in dependents[next])
            {
                if (--waitingOn[dependent] == 0)
                {
                    ready.Add(dependent);
                }
            }
        }
        return order;
    }

    // The ids Kahn could not place are on a cycle or downstream of one. A strongly connected component with
    // more than one member, or one member that depends on itself, is a cycle; downstream ids are not reported
    // because they are fine once the cycle is broken. Iterative searches: no recursion depth to overflow.
    private static IEnumerable<MigrationProblem> FindCycles(List<string> left, Func<string, IEnumerable<string>> dependencies)
    {
        var inLeft = new HashSet<string>(left, StringComparer.Ordinal);
        var forward = left.ToDictionary(i => i, i => dependencies(i).Where(inLeft.Contains).ToList(), StringComparer.Ordinal);
        var backward = left.ToDictionary(i => i, _ => new List<string>(), StringComparer.Ordinal);
        foreach (var (id, deps) in forward)
        {
            foreach (var dep in deps)
            {
                backward[dep].Add(id);
            }
        }

        var assigned = new HashSet<string>(StringComparer.Ordinal);
        foreach (var start in left)
        {
            if (assigned.Contains(start))
            {
                continue;
            }
            var reach = Reachable(start, forward);
            var reachedBy = Reachable(start, backward);
            var component = reach.Where(reachedBy.Contains).Append(start).Distinct(StringComparer.Ordinal)
                .OrderBy(i => i, StringComparer.Ordinal).ToList();
            assigned.UnionWith(component);
            var selfLoop = forward[start].Contains(start, StringComparer.Ordinal);
            if (component.Count == 1 && !selfLoop)
            {
                continue;
            }
            var path = ShortestCycle(component[0], forward, new HashSet<string>(component, StringComparer.Ordinal));
            yield return new MigrationProblem(MigrationProblemKind.Cycle, component[0], component,
                $"dependency cycle {string.Join(" -> ", path)} (members: {string.Join(", ", component)}); "
                + "remove one of these dependencies.");
        }
    }

    private static HashSet<string> Reachable(string start, Dictionary<string, List<string>> edges)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        stack.Push(start);
        while (stack.Count > 0)
        {
            foreach (var next in edges[stack.Pop()])
            {
                if (seen.Add(next))
                {
                    stack.Push(next);
                }
            }
        }
        return seen;
    }

    // Breadth-first from start back to itself inside the component, so the message shows a real, short cycle.
    private static List<string> ShortestCycle(string start, Dictionary<string, List<string>> edges, HashSet<string> component)
    {
        var parent = new Dictionary<string, string>(StringComparer.Ordinal);
        var queue = new Queue<string>();
        queue.Enqueue(start);
        while (queue.Count > 0)
        {
            var current = queue.Dequeue();
            foreach (var next in edges[current].Where(component.Contains).OrderBy(n => n, StringComparer.Ordinal))
            {
                if (next == start)
                {
                    var path = new List<string> { start };
                    for (var at = current; at != start; at = parent[at])
                    {
                        path.Add(at);
                    }
                    path.Add(start);
                    // Collected backwards from the end; the first and last stay the start.
                    path.Reverse(1, path.Count - 2);
                    return path;
                }
                if (parent.TryAdd(next, current))
                {
                    queue.Enqueue(next);
                }
            }
        }
        return [start, start];
    }
}
