using System.Reflection;
using Horreum.Migrations.Engine;
using Horreum.Migrations.Planning;
using Horreum.Orm;
using Horreum.Orm.Features;
using Horreum.Orm.Modeling;
using StackExchange.Redis;

namespace Horreum.Migrations.Drift;

/// <summary>
/// Finds the three kinds of drift: model (fingerprints stored in the registry vs the loaded models), history
/// (applied migrations whose code changed or is gone), data (records failing their schema or not in v2 format).
/// </summary>
public sealed class DriftDetector
{
    private static readonly MethodInfo s_dataDriftOf = typeof(DriftDetector).GetMethod(nameof(DataDriftOfAsync), BindingFlags.Instance | BindingFlags.NonPublic)!;
    private readonly HorreumClient _client;
    private readonly MigrationRunner _runner;

    /// <summary>A detector over the runner's registry and the client's data.</summary>
    public DriftDetector(HorreumClient client, MigrationRunner runner)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(runner);
        _client = client;
        _runner = runner;
    }

    /// <summary>Stores the fingerprints of <paramref name="models"/> (the runner does this after every successful real run).</summary>
    public Task StoreFingerprintsAsync(IEnumerable<Type> models, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(models);
        cancellationToken.ThrowIfCancellationRequested();
        var entries = models.Select(t => ModelFingerprint.Of(_client.ModelFor(t))).Select(f => new HashEntry(f.Model, f.ToJson())).ToArray();
        return entries.Length == 0 ? Task.CompletedTask : _client.Database.HashSetAsync(_runner.Registry.Keys.Fingerprints, entries);
    }

    /// <summary>The stored fingerprints.</summary>
    public async Task<IReadOnlyList<ModelFingerprint>> StoredFingerprintsAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var entries = await _client.Database.HashGetAllAsync(_runner.Registry.Keys.Fingerprints).ConfigureAwait(false);
        return entries.Select(e => ModelFingerprint.FromJson((string)e.Value!)).ToArray();
    }

    /// <summary>
    /// Model drift: field-level differences between the stored fingerprints and <paramref name="models"/>. With no
    /// fingerprint stored yet (no real run so far) every model is reported as new (additive).
    /// </summary>
    public async Task<DriftReport> ModelDriftAsync(IEnumerable<Type> models, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(models);
        var current = models.Select(t => ModelFingerprint.Of(_client.ModelFor(t))).ToArray();
        var stored = (await StoredFingerprintsAsync(cancellationToken).ConfigureAwait(false))
            .Where(s => current.Any(c => c.Model == s.Model)).ToArray();
        var changes = ModelDiff.Compare(stored, current);
        return new DriftReport(changes.Select(c => new DriftItem(DriftKind.Model, c.Model, c.Field, Describe(c.Kind), c.Detail, c.Severity)).ToArray());
    }

    /// <summary>History drift: applied migrations whose checksum changed or whose code is gone.</summary>
    public async Task<DriftReport> HistoryDriftAsync(CancellationToken cancellationToken = default)
    {
        var problems = await _runner.ValidateAsync(cancellationToken).ConfigureAwait(false);
        return new DriftReport(problems
            .Where(p => p.Kind is MigrationProblemKind.ChecksumChanged or MigrationProblemKind.CodeMissing)
            .Select(p => new DriftItem(DriftKind.History, p.MigrationId, null, p.Kind == MigrationProblemKind.ChecksumChanged ? "code changed" : "code missing", p.Message, DriftSeverity.Changed))
            .ToArray());
    }

    /// <summary>
    /// Data drift: reads every record (or the first <paramref name="sample"/> per model) and counts, by model and
    /// field, values that are not valid v2 for their declared type and values that fail the model's schema
    /// (models with <c>schema_validation</c>), with a few example keys.
    /// </summary>
    public async Task<DriftReport> DataDriftAsync(IEnumerable<Type> models, int? sample = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(models);
        var items = new List<DriftItem>();
        long checkedRecords = 0;
        foreach (var model in models)
        {
            var task = (Task<(List<DriftItem> Items, long Checked)>)s_dataDriftOf.MakeGenericMethod(model).Invoke(this, [sample, cancellationToken])!;
            var (found, count) = await task.ConfigureAwait(false);
            items.AddRange(found);
            checkedRecords += count;
        }
        return new DriftReport(items, checkedRecords);
    }

    /// <summary>Model and history drift, plus data drift when <paramref name="includeData"/>.</summary>
    public async Task<DriftReport> CheckAsync(IEnumerable<Type> models, bool includeData = false, int? sample = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(models);
        var list = models.ToArray();
        var model = await ModelDriftAsync(list, cancellationToken).ConfigureAwait(false);
        var history = await HistoryDriftAsync(cancellationToken).ConfigureAwait(false);
        var data = includeData ? await DataDriftAsync(list, sample, cancellationToken).ConfigureAwait(false) : new DriftReport([]);
        return new DriftReport([.. model.Items, .. history.Items, .. data.Items], data.RecordsChecked);
    }

    private async Task<(List<DriftItem> Items, long Checked)> DataDriftOfAsync<T>(int? sample, CancellationToken cancellationToken)
        where T : class
    {
        var repository = _client.Repository<T>();
        var validates = repository.Model.HasFeature("schema_validation");
        var notV2 = new Dictionary<string, (long Count, List<string> Keys)>(StringComparer.Ordinal);
        var invalid = new Dictionary<string, (long Count, List<string> Keys)>(StringComparer.Ordinal);
        long read = 0;
        var ids = new List<string>(500);
        await foreach (var id in repository.ScanIdsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (sample is { } limit && read + ids.Count >= limit)
            {
                break;
            }
            ids.Add(id);
            if (ids.Count == 500)
            {
                read += await CheckPageAsync(repository, ids, validates, notV2, invalid).ConfigureAwait(false);
                ids.Clear();
            }
        }
        read += await CheckPageAsync(repository, ids, validates, notV2, invalid).ConfigureAwait(false);

        var name = typeof(T).FullName ?? typeof(T).Name;
        var items = notV2.Select(p => new DriftItem(DriftKind.Data, name, p.Key, "not v2", $"{p.Value.Count:N0} of {read:N0} records hold a value in '{p.Key}' that is not valid v2 JSON for its type (v1 data? run the v1→v2 migration)", DriftSeverity.Incompatible, p.Value.Count, p.Value.Keys))
            .Concat(invalid.Select(p => new DriftItem(DriftKind.Data, name, p.Key, "fails schema", $"{p.Value.Count:N0} of {read:N0} records fail the schema at '{p.Key}'", DriftSeverity.Incompatible, p.Value.Count, p.Value.Keys)))
            .OrderBy(i => i.Field, StringComparer.Ordinal)
            .ToList();
        if (repository.Model.Indexes.Count > 0)
        {
            items.AddRange(IndexDrift(name, typeof(T).Name, await repository.AuditIndexesAsync(cancellationToken).ConfigureAwait(false)));
        }
        return (items, read);
    }

    /// <summary>
    /// Index drift, from the repository's audit (every record of the model, whatever the sample): entries a rebuild
    /// would add or remove (Changed: lookups miss records or find the wrong one; RebuildIndexesMigration mends them)
    /// and unique values two live records claim (Incompatible: the data must change, no rebuild can choose).
    /// </summary>
    private static IEnumerable<DriftItem> IndexDrift(string model, string shortName, IndexAuditReport audit)
    {
        var rebuild = $"run a RebuildIndexesMigration<{shortName}>";
        foreach (var group in audit.Missing.GroupBy(e => e.Index.Name))
        {
            yield return Item(group, "index entries missing", $"{group.Count():N0} entries of '{group.Key}' that the records imply are absent: lookups miss those records ({rebuild})", DriftSeverity.Changed);
        }
        foreach (var group in audit.Stale.GroupBy(e => e.Index.Name))
        {
            yield return Item(group, "index entries stale", $"{group.Count():N0} entries of '{group.Key}' name a record that is gone or a value it no longer holds: lookups find the wrong record or none ({rebuild})", DriftSeverity.Changed);
        }
        foreach (var group in audit.Conflicts.GroupBy(e => e.Index.Name))
        {
            var values = string.Join(", ", group.Take(3).Select(e => $"'{e.Field ?? e.Value}'"));
            yield return Item(group, "unique value held twice", $"{group.Count():N0} records claim a unique value of '{group.Key}' that another live record holds ({values}): no rebuild can choose between them; change one of the records", DriftSeverity.Incompatible);
        }

        DriftItem Item(IGrouping<string, IndexEntry> entries, string change, string detail, DriftSeverity severity) =>
            new(DriftKind.Data, model, entries.Key, change, detail, severity, entries.Count(), entries.Take(3).Select(e => e.ToString()).ToArray());
    }

    private async Task<int> CheckPageAsync<T>(ModelRepository<T> repository, List<string> ids, bool validates, Dictionary<string, (long Count, List<string> Keys)> notV2, Dictionary<string, (long Count, List<string> Keys)> invalid)
        where T : class
    {
        if (ids.Count == 0)
        {
            return 0;
        }
        var batch = _client.Database.CreateBatch();
        var replies = ids.Select(id => batch.HashGetAllAsync(repository.Keys.ObjectKey(id))).ToArray();
        batch.Execute();
        await Task.WhenAll(replies).ConfigureAwait(false);
        var checkedCount = 0;
        for (var i = 0; i < ids.Count; i++)
        {
            var entries = replies[i].Result;
            if (entries.Length == 0)
            {
                continue;
            }
            checkedCount++;
            var key = repository.Keys.ObjectKey(ids[i]);
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var e in entries)
            {
                var field = repository.Model.FieldByStorageName((string)e.Name!);
                var raw = (string?)e.Value;
                if (field is null || raw is null)
                {
                    continue;
                }
                values[field.StorageName] = raw;
                if (!repository.Codec.IsValid(raw, field.Type))
                {
                    Count(notV2, field.StorageName, key);
                }
            }
            if (validates)
            {
                // A record counts once per field it fails at, however many violations the schema reports there.
                var failedAt = new HashSet<string>(StringComparer.Ordinal);
                foreach (var v in repository.ValidateEncoded(values).Violations)
                {
                    var pointer = v.InstancePointer.TrimStart('/');
                    var slash = pointer.IndexOf('/', StringComparison.Ordinal);
                    failedAt.Add(slash < 0 ? (pointer.Length == 0 ? "(record)" : pointer) : pointer[..slash]);
                }
                foreach (var field in failedAt)
                {
                    Count(invalid, field, key);
                }
            }
        }
        return checkedCount;
    }

    private static void Count(Dictionary<string, (long Count, List<string> Keys)> into, string field, string key)
    {
        var (count, keys) = into.TryGetValue(field, out var existing) ? existing : (0, new List<string>());
        if (keys.Count < 3 && !keys.Contains(key))
        {
            keys.Add(key);
        }
        into[field] = (count + 1, keys);
    }

    private static string Describe(ModelChangeKind kind) => kind switch
    {
        ModelChangeKind.ModelAdded => "model added",
        ModelChangeKind.ModelRemoved => "model removed",
        ModelChangeKind.FieldAdded => "added",
        ModelChangeKind.FieldRemoved => "removed",
        ModelChangeKind.FieldRenamed => "renamed",
        ModelChangeKind.StorageNameChanged => "storage name changed",
        ModelChangeKind.TypeChanged => "type changed",
        _ => "shape changed",
    };
}
