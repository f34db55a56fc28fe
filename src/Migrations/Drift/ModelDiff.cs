namespace Horreum.Migrations.Drift;

/// <summary>Field-level differences between fingerprints (stored vs current), used by drift and by scaffolding.</summary>
internal static class ModelDiff
{
    /// <summary>Differences of every model in <paramref name="before"/> or <paramref name="after"/>.</summary>
    public static IReadOnlyList<ModelChange> Compare(IReadOnlyCollection<ModelFingerprint> before, IReadOnlyCollection<ModelFingerprint> after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var changes = new List<ModelChange>();
        var old = before.ToDictionary(m => m.Model, StringComparer.Ordinal);
        foreach (var current in after.OrderBy(m => m.Model, StringComparer.Ordinal))
        {
            if (!old.Remove(current.Model, out var previous))
            {
                changes.Add(new ModelChange(ModelChangeKind.ModelAdded, current.Model, null, null, null, null, $"{current.Model} is new (no fingerprint stored)"));
                continue;
            }
            changes.AddRange(Compare(previous, current));
        }
        foreach (var gone in old.Values.OrderBy(m => m.Model, StringComparer.Ordinal))
        {
            changes.Add(new ModelChange(ModelChangeKind.ModelRemoved, gone.Model, null, null, null, null, $"{gone.Model} was fingerprinted but is not loaded now"));
        }
        return changes;
    }

    /// <summary>Differences between two fingerprints of the same model.</summary>
    public static IReadOnlyList<ModelChange> Compare(ModelFingerprint before, ModelFingerprint after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var model = after.Model;
        var changes = new List<ModelChange>();
        var oldByStorage = before.Fields.ToDictionary(f => f.Storage, StringComparer.Ordinal);
        var newByStorage = after.Fields.ToDictionary(f => f.Storage, StringComparer.Ordinal);
        var added = after.Fields.Where(f => !oldByStorage.ContainsKey(f.Storage)).ToList();
        var removed = before.Fields.Where(f => !newByStorage.ContainsKey(f.Storage)).ToList();

        foreach (var f in after.Fields)
        {
            if (oldByStorage.TryGetValue(f.Storage, out var o) && o.Type != f.Type)
            {
                changes.Add(new ModelChange(ModelChangeKind.TypeChanged, model, f.Storage, f.Storage, o.Type, f.Type, $"{f.Storage}: {o.Type} → {f.Type}"));
            }
        }
        // Same property, new storage name: stored values are no longer read.
        foreach (var a in added.ToArray())
        {
            var r = removed.FirstOrDefault(x => x.Property == a.Property);
            if (r is null)
            {
                continue;
            }
            changes.Add(new ModelChange(ModelChangeKind.StorageNameChanged, model, a.Storage, r.Storage, r.Type, a.Type, $"{a.Property} is now stored as '{a.Storage}' (was '{r.Storage}')"));
            added.Remove(a);
            removed.Remove(r);
        }
        // A removed and an added field of the same type: offered as a rename (one pairing per removed field).
        foreach (var r in removed.ToArray())
        {
            var a = added.FirstOrDefault(x => x.Type == r.Type);
            if (a is null)
            {
                continue;
            }
            changes.Add(new ModelChange(ModelChangeKind.FieldRenamed, model, a.Storage, r.Storage, r.Type, a.Type, $"'{r.Storage}' → '{a.Storage}' ({a.Type}): renamed? (removed + added of the same type)"));
            added.Remove(a);
            removed.Remove(r);
        }
        changes.AddRange(added.Select(a => new ModelChange(ModelChangeKind.FieldAdded, model, a.Storage, null, null, a.Type, $"'{a.Storage}' ({a.Type}) added")));
        changes.AddRange(removed.Select(r => new ModelChange(ModelChangeKind.FieldRemoved, model, r.Storage, r.Storage, r.Type, null, $"'{r.Storage}' ({r.Type}) removed: its values stay in Redis")));
        if (before.Prefix != after.Prefix || !before.Features.SequenceEqual(after.Features) || !before.Related.SequenceEqual(after.Related))
        {
            changes.Add(new ModelChange(ModelChangeKind.ShapeChanged, model, null, null, null, null,
                $"prefix {before.Prefix}→{after.Prefix}, features [{string.Join(",", before.Features)}]→[{string.Join(",", after.Features)}], related [{string.Join(",", before.Related)}]→[{string.Join(",", after.Related)}]"));
        }
        return changes;
    }
}
